package org.crowdfund.notification.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.MessageModel;
import org.crowdfund.notification.domain.Money;
import org.crowdfund.notification.domain.NotificationType;
import org.crowdfund.notification.domain.Preference;
import org.crowdfund.notification.mail.Templates;
import org.crowdfund.notification.store.NotificationStore;
import org.crowdfund.notification.store.NotificationStore.NewNotification;
import org.crowdfund.notification.store.PreferenceStore;
import org.crowdfund.notification.store.RecipientStore;
import org.crowdfund.notification.store.RecipientStore.Contact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes notifications in the caller's transaction: the recipient's preferences decide the
 * channels (in-app row shown in the inbox, e-mail queued for the sender), the recipient's locale
 * formats amounts, and the unique (dedup key, recipient) key makes a second attempt a no-op.
 */
@Singleton
public class Notifier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Notifier.class);
    private final NotificationStore notifications;
    private final PreferenceStore preferences;
    private final RecipientStore recipients;
    private final Templates templates;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter created;
    private final Counter noAddress;

    public Notifier(NotificationStore notifications, PreferenceStore preferences, RecipientStore recipients,
                    Templates templates, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.notifications = notifications;
        this.preferences = preferences;
        this.recipients = recipients;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
        this.created = meters.counter("notifications.created");
        this.noAddress = meters.counter("notifications.email.no_address");
    }

    /** A message for one recipient whose contact, if any, is in the directory. */
    public void notify(String dedupKey, String recipientId, NotificationType type, UUID campaignId, Map<String, String> model) {
        Contact contact = recipients.find(recipientId).orElse(new Contact(recipientId, "", "", ""));
        Preference preference = preferences.of(recipientId, type);
        build(dedupKey, recipientId, type, campaignId, model, contact, preference).ifPresent(n -> {
            int inserted = notifications.insert(List.of(n), clock.instant());
            created.increment(inserted);
            if (inserted == 1 && lacksAddress(contact, preference)) {
                noAddress.increment();
                LOG.info("no e-mail address is known for {} yet: {} notification {} is in the inbox only", recipientId,
                        type.wireName(), dedupKey);
            }
        });
    }

    /** Inserts prepared notifications (a fan-out batch); returns how many were new. */
    public int insert(List<NewNotification> batch) {
        int inserted = notifications.insert(batch, clock.instant());
        created.increment(inserted);
        return inserted;
    }

    /**
     * True when the recipient wants this type by e-mail but no address of theirs is known (a
     * creator who never signed in to the page, a backer known only from reservation events): the
     * message goes to the inbox only, even if they had turned the inbox off for the type, and is
     * counted in {@code notifications.email.no_address}.
     */
    public static boolean lacksAddress(Contact contact, Preference preference) {
        return preference.email() && contact.email().isBlank();
    }

    /** Counts recipients of a fan-out batch that get the message in the inbox only, for want of an address. */
    public void countWithoutAddress(int recipients) {
        noAddress.increment(recipients);
    }

    /**
     * The notification for one recipient, or empty when they want neither channel. E-mail needs
     * a known address; without one the message is in-app only ({@link #lacksAddress}).
     */
    public java.util.Optional<NewNotification> build(String dedupKey, String recipientId, NotificationType type,
                                                     UUID campaignId, Map<String, String> raw, Contact contact,
                                                     Preference preference) {
        if (!preference.any()) {
            return java.util.Optional.empty();
        }
        boolean inApp = preference.inApp() || lacksAddress(contact, preference);
        Map<String, String> model = new LinkedHashMap<>(raw);
        model.put("name", contact.displayName().isBlank() ? "there" : contact.displayName());
        model.put("locale", contact.locale());
        model = MessageModel.localized(model, Money.locale(contact.locale()));
        Templates.Headline headline = templates.headline(type, model);
        String email = preference.email() ? contact.email() : "";
        return java.util.Optional.of(new NewNotification(dedupKey, recipientId, type, campaignId, headline.title(),
                headline.summary(), model.getOrDefault("link", ""), toJson(model), inApp, email));
    }

    String toJson(Map<String, String> model) {
        try {
            return json.writeValueAsString(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, String> fromJson(String model) {
        try {
            return json.readValue(model, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
