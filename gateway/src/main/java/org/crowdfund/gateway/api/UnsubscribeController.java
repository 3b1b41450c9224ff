package org.crowdfund.gateway.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.gateway.clients.NotificationClient;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.proto.notification.v1.DescribeUnsubscribeResponse;
import org.crowdfund.proto.notification.v1.UnsubscribeResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The unsubscribe link of notification e-mails, which works without signing in: the signed token
 * in the link is the authority. GET shows what the link will do and asks to confirm (mail
 * scanners follow links, so a GET never unsubscribes); POST unsubscribes, which is also what mail
 * clients send for the List-Unsubscribe-Post header (RFC 8058 one-click).
 */
@Controller("/notifications/unsubscribe")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Notifications")
public class UnsubscribeController {
    private static final int MAX_TOKEN = 2048;

    private final NotificationClient notifications;

    public UnsubscribeController(NotificationClient notifications) {
        this.notifications = notifications;
    }

    @Get(produces = MediaType.TEXT_HTML)
    @Operation(operationId = "confirmUnsubscribe", summary = "A page asking to confirm the e-mail link's unsubscribe")
    public HttpResponse<String> confirm(@Parameter(description = "From the e-mail's link") @QueryValue @Nullable String token,
                                        @Parameter(hidden = true) Caller caller) {
        DescribeUnsubscribeResponse described = notifications.describeUnsubscribe(caller, checked(token));
        String what = ProtoEnums.wireName(described.getType()).replace('_', ' ');
        String body = described.getAlreadyUnsubscribed()
                ? "<p>" + escape(described.getMaskedEmail()) + " already gets no “" + escape(what) + "” e-mails.</p>"
                : "<p>Stop “" + escape(what) + "” e-mails to " + escape(described.getMaskedEmail()) + "?</p>"
                + "<form method=\"post\" action=\"/notifications/unsubscribe?token="
                + escape(URLEncoder.encode(token, StandardCharsets.UTF_8)) + "\">"
                + "<button type=\"submit\">Unsubscribe</button></form>";
        return html(body);
    }

    @Post(consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA, MediaType.TEXT_PLAIN},
            produces = MediaType.TEXT_HTML)
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe with the e-mail link's token (RFC 8058 one-click); "
            + "doing it again changes nothing")
    public HttpResponse<String> unsubscribe(@Parameter(description = "From the e-mail's link") @QueryValue @Nullable String token,
                                            @Parameter(hidden = true) Caller caller) {
        UnsubscribeResponse done = notifications.unsubscribe(caller, checked(token));
        String what = ProtoEnums.wireName(done.getType()).replace('_', ' ');
        return html("<p>Done: " + escape(done.getMaskedEmail()) + " gets no more “" + escape(what)
                + "” e-mails. Receipts and messages about your payments still arrive.</p>"
                + "<p>Signed in, you can choose every kind of message under Notifications.</p>");
    }

    private static String checked(String token) {
        if (token == null || token.isBlank()) {
            throw ApiException.invalid("token", "is required: open the link from the e-mail exactly as it is");
        }
        if (token.length() > MAX_TOKEN) {
            throw ApiException.invalid("token", "is longer than any unsubscribe token");
        }
        return token;
    }

    private static HttpResponse<String> html(String body) {
        return HttpResponse.ok("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Crowdfund e-mail settings</title></head><body>" + body + "</body></html>")
                .contentType(MediaType.TEXT_HTML_TYPE);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
