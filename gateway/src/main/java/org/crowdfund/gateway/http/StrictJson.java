package org.crowdfund.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.crowdfund.gateway.errors.Problem;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON body token by token, as RFC 8259 says and a little stricter: exactly one
 * document, each object member once, strings without control characters. It only checks; the
 * framework still parses the body for the controller. Parser messages are not passed on (they
 * describe the parser, not the request): a malformed body is reported by line and column.
 */
final class StrictJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private StrictJson() {
    }

    static final class MalformedJsonException extends Exception {
        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** The fields whose names or text are refused; throws when the body is not one JSON document. */
    static List<Problem.FieldError> check(byte[] body) throws MalformedJsonException {
        List<Problem.FieldError> errors = new ArrayList<>();
        Deque<Set<String>> members = new ArrayDeque<>();
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new MalformedJsonException("the request body holds no JSON document");
            }
            int depth = 0;
            while (true) {
                switch (token) {
                    case START_OBJECT -> {
                        depth++;
                        members.push(new HashSet<>());
                    }
                    case END_OBJECT -> {
                        depth--;
                        members.pop();
                    }
                    case START_ARRAY -> depth++;
                    case END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        String field = path(parser.getParsingContext());
                        if (!members.peek().add(name)) {
                            errors.add(new Problem.FieldError(field, "appears more than once; send each field once"));
                        }
                        TextRules.controlCharacter(name, false).ifPresent(c -> errors.add(new Problem.FieldError(
                                field, "field names must not contain control characters (found " + c + ")")));
                    }
                    case VALUE_STRING -> TextRules.controlCharacter(parser.getText(), true).ifPresent(c -> errors.add(
                            new Problem.FieldError(path(parser.getParsingContext()),
                                    "must not contain control characters (found " + c + "); line breaks and tabs are "
                                            + "allowed in descriptions and other multi-line text only")));
                    default -> {
                    }
                }
                if (depth == 0) {
                    break;
                }
                token = parser.nextToken();
            }
            JsonLocation end = parser.currentLocation();
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("the request body holds more than one JSON document: data follows the "
                        + "first one after line " + end.getLineNr() + ", column " + end.getColumnNr()
                        + "; send exactly one JSON object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedJsonException("the request body is not valid JSON" + (at == null ? ""
                    : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + "; check quotes, commas and brackets, and send UTF-8");
        } catch (IOException e) {
            throw new MalformedJsonException("the request body could not be read as UTF-8 JSON");
        }
        return errors;
    }

    /** The JSON path of the current token as the problem names fields: {@code roles[0]}, {@code a.b}. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push((c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "body" : path;
    }
}
