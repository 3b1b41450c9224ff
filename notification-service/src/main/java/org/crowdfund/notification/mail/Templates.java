package org.crowdfund.notification.mail;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import jakarta.inject.Singleton;
import org.crowdfund.notification.domain.NotificationType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message texts from Pebble templates in {@code resources/templates}: one file per type with the
 * blocks {@code subject}, {@code summary} (the inbox line), {@code body} (plain text paragraphs)
 * and {@code action} (the link's label), framed by {@code layout.txt.peb} for the plain-text part
 * and {@code layout.html.peb} for the HTML part. The HTML engine escapes every value.
 * <p>
 * A fan-out renders the same blocks for thousands of recipients whose values mostly agree (a
 * milestone's subject and body depend on the campaign and the recipient's locale, not on who they
 * are), so each block is rendered once per distinct combination of the values it actually reads:
 * the first rendering records which context keys the template looked up, later ones whose values
 * for those keys are equal reuse its text. Templates are pure functions of their context, so
 * equal values read mean equal output. The layouts, which carry the name and the unsubscribe link,
 * are rendered per recipient.
 */
@Singleton
public class Templates {
    private static final int MAX_REMEMBERED = 10_000;

    private final PebbleEngine text;
    private final PebbleEngine html;
    /** Per "template#block": the sets of context keys a rendering of it has read. */
    private final Map<String, Set<List<String>>> keysRead = new ConcurrentHashMap<>();
    /** (template#block, keys read, their values) -> the block's text. */
    private final Map<List<Object>, String> rendered = new ConcurrentHashMap<>();

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

    private String block(PebbleTemplate template, String name, Map<String, Object> context) {
        String id = template.getName() + "#" + name;
        for (List<String> keys : keysRead.getOrDefault(id, Set.of())) {
            String known = rendered.get(memoKey(id, keys, context));
            if (known != null) {
                return known;
            }
        }
        ReadRecordingMap recording = new ReadRecordingMap(context);
        StringWriter out = new StringWriter();
        try {
            template.evaluateBlock(name, out, recording);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String result = out.toString().strip().replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\\n{3,}", "\n\n");
        if (!recording.enumerated) {
            List<String> keys = List.copyOf(new TreeSet<>(recording.read));
            keysRead.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(keys);
            if (rendered.size() >= MAX_REMEMBERED) {
                rendered.clear();
            }
            rendered.put(memoKey(id, keys, context), result);
        }
        return result;
    }

    private static List<Object> memoKey(String id, List<String> keys, Map<String, Object> context) {
        List<Object> key = new ArrayList<>(keys.size() + 2);
        key.add(id);
        key.add(keys);
        for (String k : keys) {
            key.add(context.get(k));
        }
        return key;
    }

    /** The context as the template sees it, recording every key it looks up (present or not). */
    private static final class ReadRecordingMap extends AbstractMap<String, Object> {
        private final Map<String, Object> context;
        private final Set<String> read = new HashSet<>();
        /** The template walked the whole context: what it read is unknown, so nothing is remembered. */
        private boolean enumerated;

        ReadRecordingMap(Map<String, Object> context) {
            this.context = context;
        }

        @Override
        public Object get(Object key) {
            read.add(String.valueOf(key));
            return context.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(String.valueOf(key));
            return context.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            enumerated = true;
            return context.entrySet();
        }
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
