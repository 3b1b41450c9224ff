package org.crowdfund.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.gateway.clients.NotificationClient;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.errors.Problems;
import org.crowdfund.proto.notification.v1.ListNotificationsRequest;
import org.crowdfund.proto.notification.v1.MarkReadResponse;
import org.crowdfund.proto.notification.v1.Notification;
import org.crowdfund.proto.notification.v1.NotificationType;
import org.crowdfund.proto.notification.v1.Preference;
import org.crowdfund.proto.notification.v1.PreferenceChange;
import org.crowdfund.proto.notification.v1.UpdatePreferencesRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The signed-in user's notifications over notification-service: the in-app inbox with its unread
 * count, marking read, and which messages they get by which channel. Types are the proto's
 * NotificationType in lower case (milestone_reached, receipt, ...).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = "bearer")
@Tag(name = "Notifications")
@ApiResponse(responseCode = "4XX", description = "Refused, as application/problem+json with a stable code",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "5XX", description = "notification-service is unavailable (503), too slow (504) or failed (500)",
        content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
public class NotificationsController {
    static final String INBOX = "/api/v1/me/notifications";
    static final String PREFERENCES = "/api/v1/me/notification-preferences";
    private static final Set<String> CHANGE_FIELDS = Set.of("type", "email", "inApp");

    private final NotificationClient notifications;

    public NotificationsController(NotificationClient notifications) {
        this.notifications = notifications;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Notification")
    public record NotificationView(String id, String type, String title, String body, String link,
                                   @Schema(description = "null when about no campaign") String campaignId,
                                   @Schema(format = "date-time") String createdAt,
                                   @Schema(format = "date-time", description = "null while unread") String readAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "NotificationPage")
    public record NotificationPage(List<NotificationView> notifications,
                                   @Schema(description = "null on the last page") String nextPageToken,
                                   @Schema(description = "All unread notifications, not only this page's") long unreadCount) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "NotificationRead")
    public record NotificationRead(NotificationView notification, long unreadCount) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "NotificationPreference")
    public record PreferenceView(String type, boolean email, boolean inApp,
                                 @Schema(description = "Receipts, payment failures and cancellations: e-mail cannot be turned off")
                                 boolean transactional) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "NotificationPreferences")
    public record PreferencesView(List<PreferenceView> preferences) {
    }

    @Get(INBOX)
    @Operation(operationId = "listMyNotifications", summary = "The signed-in user's inbox, newest first, with the unread count")
    public NotificationPage list(
            @Parameter(description = "1..100, default 20") @QueryValue @Nullable Integer pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryValue @Nullable String pageToken,
            @Parameter(description = "Only unread notifications") @QueryValue @Nullable Boolean unreadOnly,
            @Parameter(hidden = true) Caller caller) {
        var page = notifications.list(caller, ListNotificationsRequest.newBuilder()
                .setPageSize(pageSize == null ? 0 : pageSize).setPageToken(pageToken == null ? "" : pageToken)
                .setUnreadOnly(Boolean.TRUE.equals(unreadOnly)).build());
        return new NotificationPage(page.getNotificationsList().stream().map(NotificationsController::view).toList(),
                CampaignMapping.emptyToNull(page.getNextPageToken()), page.getUnreadCount());
    }

    @Post(INBOX + "/{id}:read")
    @Operation(operationId = "markNotificationRead", summary = "Mark one of the user's notifications read; again changes nothing")
    public NotificationRead markRead(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        MarkReadResponse read = notifications.markRead(caller, id);
        return new NotificationRead(view(read.getNotification()), read.getUnreadCount());
    }

    @Get(PREFERENCES)
    @Operation(operationId = "getMyNotificationPreferences", summary = "Channels per notification type (defaults: both on)")
    public PreferencesView preferences(@Parameter(hidden = true) Caller caller) {
        return view(notifications.preferences(caller).getPreferencesList());
    }

    @Put(PREFERENCES)
    @Operation(operationId = "updateMyNotificationPreferences", summary = "Change channels for the types given; "
            + "all changes apply or none")
    @RequestBody(description = "{\"changes\": [{\"type\": \"milestone_reached\", \"email\": false, \"inApp\": true}]}; "
            + "email or inApp may be left out to keep it")
    public PreferencesView updatePreferences(@Body @Nullable JsonNode body, @Parameter(hidden = true) Caller caller) {
        return view(notifications.updatePreferences(caller, changes(body)).getPreferencesList());
    }

    /** Reads the body strictly: one object with "changes", an array of {type, email?, inApp?}. */
    static UpdatePreferencesRequest changes(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be a JSON object with \"changes\"");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        body.entries().forEach(e -> {
            if (!e.getKey().equals("changes")) {
                errors.add(new Problem.FieldError(e.getKey(), "is not a field of this request; known fields: changes"));
            }
        });
        JsonNode changes = body.get("changes");
        if (changes == null || !changes.isArray()) {
            errors.add(new Problem.FieldError("changes", "must be an array of {type, email, inApp}"));
            throw ApiException.invalid(errors);
        }
        UpdatePreferencesRequest.Builder request = UpdatePreferencesRequest.newBuilder();
        int index = 0;
        for (JsonNode change : changes.values()) {
            String field = "changes[" + index++ + "]";
            if (!change.isObject()) {
                errors.add(new Problem.FieldError(field, "must be an object {type, email, inApp}"));
                continue;
            }
            change.entries().forEach(e -> {
                if (!CHANGE_FIELDS.contains(e.getKey())) {
                    errors.add(new Problem.FieldError(field + "." + e.getKey(), "is not a field; known fields: type, email, inApp"));
                }
            });
            PreferenceChange.Builder rpc = PreferenceChange.newBuilder();
            JsonNode type = change.get("type");
            var parsed = type != null && type.isString() ? ProtoEnums.parse(NotificationType.class, type.getStringValue())
                    : java.util.Optional.<NotificationType>empty();
            if (parsed.isEmpty()) {
                errors.add(new Problem.FieldError(field + ".type", "must be one of "
                        + String.join(", ", ProtoEnums.wireNames(NotificationType.class))));
            } else {
                rpc.setType(parsed.get());
            }
            for (String flag : List.of("email", "inApp")) {
                JsonNode value = change.get(flag);
                if (value == null || value.isNull()) {
                    continue;
                }
                if (!value.isBoolean()) {
                    errors.add(new Problem.FieldError(field + "." + flag, "must be true or false"));
                } else if (flag.equals("email")) {
                    rpc.setEmail(value.getBooleanValue());
                } else {
                    rpc.setInApp(value.getBooleanValue());
                }
            }
            request.addChanges(rpc);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return request.build();
    }

    static NotificationView view(Notification n) {
        return new NotificationView(n.getNotificationId(), ProtoEnums.wireName(n.getType()), n.getTitle(), n.getBody(),
                n.getLink(), CampaignMapping.emptyToNull(n.getCampaignId()), CampaignMapping.iso(n.getCreatedAt()),
                n.hasReadAt() ? CampaignMapping.iso(n.getReadAt()) : null);
    }

    static PreferencesView view(List<Preference> preferences) {
        return new PreferencesView(preferences.stream().map(p -> new PreferenceView(ProtoEnums.wireName(p.getType()),
                p.getEmail(), p.getInApp(), p.getTransactional())).toList());
    }
}
