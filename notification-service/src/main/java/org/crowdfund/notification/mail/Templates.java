package org.crowdfund.notification.mail;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message texts from Pebble templates in {@code resources/templates}: one file per type with the
 * blocks {@code subject}, {@code summary} (the inbox line), {@code body} (plain text paragraphs)
 * and {@code action} (the link's label), framed by {@code layout.txt.peb} for the plain-text part
 * and {@code layout.html.peb} for the HTML part. The HTML engine escapes every value.
 */
@Singleton
public class Templates {
    private final PebbleEngine text;
    private final PebbleEngine html;

    public Templates() {
        ClasspathLoader textLoader = new ClasspathLoader();
        textLoader.setPrefix("templates");
        ClasspathLoader htmlLoader = new ClasspathLoader();
        htmlLoader.setPrefix("templates");
        this.text = new PebbleEngine.Builder().loader(textLoader).autoEscaping(false).strictVariables(false).build();
        this.html = new PebbleEngine.Builder().loader(htmlLoader).autoEscaping(true).strictVariables(false).build();
    }

    public record Headline(String title, String summary) {
    }

    public record Email(String subject, String text, String html) {
    }

    /** The inbox title and line of a notification. */
    public Headline headline(NotificationType type, Map<String, String> model) {
        PebbleTemplate template = text.getTemplate(type.wireName() + ".peb");
        Map<String, Object> context = new HashMap<>(model);
        return new Headline(block(template, "subject", context), block(template, "summary", context));
    }

    /**
     * The whole e-mail. {@code unsubscribeUrl} is null for transactional types, which say instead
     * why they cannot be turned off.
     */
    public Email email(NotificationType type, Map<String, String> model, String unsubscribeUrl, String preferencesUrl) {
        PebbleTemplate template = text.getTemplate(type.wireName() + ".peb");
        Map<String, Object> context = new HashMap<>(model);
        String subject = block(template, "subject", context);
        String body = block(template, "body", context);
        context.put("subject", subject);
        context.put("body", body);
        context.put("paragraphs", paragraphs(body));
        context.put("action", block(template, "action", context));
        context.put("unsubscribeUrl", unsubscribeUrl == null ? "" : unsubscribeUrl);
        context.put("preferencesUrl", preferencesUrl);
        context.putIfAbsent("name", "");
        context.putIfAbsent("link", "");
        return new Email(subject, render(text.getTemplate("layout.txt.peb"), context),
                render(html.getTemplate("layout.html.peb"), context));
    }

    private static List<List<String>> paragraphs(String body) {
        return Arrays.stream(body.split("\\n\\s*\\n")).map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> Arrays.asList(p.split("\\n"))).toList();
    }

    private static String block(PebbleTemplate template, String name, Map<String, Object> context) {
        StringWriter out = new StringWriter();
        try {
            template.evaluateBlock(name, out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().strip().replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\\n{3,}", "\n\n");
    }

    private static String render(PebbleTemplate template, Map<String, Object> context) {
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
