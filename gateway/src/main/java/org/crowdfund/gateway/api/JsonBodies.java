package org.crowdfund.gateway.api;

import com.google.protobuf.ProtocolMessageEnum;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.crowdfund.gateway.errors.ApiException;
import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.gateway.http.TextRules;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into its record strictly, checking shape only: every member must be
 * a field of the record and have its JSON type (a string is not a number, 12.5 is not an integer,
 * 1 is not a boolean), and text is one line without control characters unless its field is
 * {@link Multiline}; {@code null} and absent both mean "not given". Every problem is reported
 * at once, by field name. Whether a value is acceptable (blank, too large, unknown currency) is
 * for the service that owns the rule to say. The body has already passed
 * {@link org.crowdfund.gateway.http.StrictJsonFilter} (one document, no repeated member, JSON
 * content type) before a controller calls this.
 */
@Singleton
public class JsonBodies {

    public <T> T read(JsonNode body, Class<T> type) {
        if (body == null) {
            throw ApiException.invalid("body", "a JSON object is required");
        }
        if (!body.isObject()) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        BeanIntrospection<T> introspection = BeanIntrospection.getIntrospection(type);
        Map<String, JsonNode> members = new LinkedHashMap<>();
        body.entries().forEach(e -> members.put(e.getKey(), e.getValue()));
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : members.keySet()) {
            if (introspection.getProperty(name).isEmpty()) {
                errors.add(new Problem.FieldError(name, "is not a field of this request; known fields: "
                        + introspection.getBeanProperties().stream().map(BeanProperty::getName).collect(Collectors.joining(", "))));
            }
        }
        Argument<?>[] parameters = introspection.getConstructorArguments();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            JsonNode node = members.get(parameters[i].getName());
            values[i] = node == null || node.isNull() ? null : value(parameters[i].getName(), node, parameters[i], errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return introspection.instantiate(false, values);
    }

    private static Object value(String field, JsonNode node, Argument<?> argument, List<Problem.FieldError> errors) {
        Class<?> type = argument.getType();
        if (type == String.class) {
            if (!node.isString()) {
                return wrong(errors, field, "must be a string");
            }
            boolean multiline = argument.getAnnotationMetadata().hasAnnotation(Multiline.class);
            Optional<String> refused = TextRules.controlCharacter(node.getStringValue(), multiline);
            return refused.isEmpty() ? node.getStringValue() : wrong(errors, field, multiline
                    ? "must not contain control characters other than line breaks and tabs (found " + refused.get() + ")"
                    : "must be a single line without control characters (found " + refused.get() + ")");
        }
        if (type == Long.class) {
            BigInteger n = integer(node);
            return n != null && n.bitLength() < Long.SIZE ? (Object) n.longValue()
                    : wrong(errors, field, "must be a whole number (JSON integer) between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
        if (type == Integer.class) {
            BigInteger n = integer(node);
            return n != null && n.bitLength() < Integer.SIZE ? (Object) n.intValue()
                    : wrong(errors, field, "must be a whole number (JSON integer) between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        if (type == Boolean.class) {
            return node.isBoolean() ? (Object) node.getBooleanValue() : wrong(errors, field, "must be true or false");
        }
        if (type == Instant.class) {
            if (node.isString()) {
                try {
                    return OffsetDateTime.parse(node.getStringValue()).toInstant();
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            return wrong(errors, field, "must be an ISO-8601 date-time with offset, such as 2027-03-01T12:00:00Z");
        }
        if (type.isEnum() && ProtocolMessageEnum.class.isAssignableFrom(type)) {
            return enumValue(field, node, type.asSubclass(Enum.class), errors);
        }
        if (Collection.class.isAssignableFrom(type)) {
            if (!node.isArray()) {
                return wrong(errors, field, "must be an array");
            }
            Argument<?> item = argument.getFirstTypeVariable().orElse(Argument.STRING);
            List<Object> items = new ArrayList<>();
            int index = 0;
            for (JsonNode element : node.values()) {
                String itemField = field + "[" + index++ + "]";
                items.add(element.isNull() ? wrong(errors, itemField, "must not be null") : value(itemField, element, item, errors));
            }
            return List.copyOf(items.stream().filter(Objects::nonNull).toList());
        }
        throw new IllegalArgumentException("request records use String, Long, Integer, Boolean, Instant, proto enums and lists; "
                + argument + " is none of them");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(String field, JsonNode node, Class<? extends Enum> type, List<Problem.FieldError> errors) {
        Optional<? extends Enum> value = node.isString() ? ProtoEnums.parse((Class) type, node.getStringValue()) : Optional.empty();
        return value.isPresent() ? value.get()
                : wrong(errors, field, "must be one of " + String.join(", ", ProtoEnums.wireNames((Class) type)));
    }

    private static BigInteger integer(JsonNode node) {
        if (!node.isNumber()) {
            return null;
        }
        Number n = node.getNumberValue();
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return BigInteger.valueOf(n.longValue());
        }
        return n instanceof BigInteger big ? big : null;
    }

    private static Object wrong(List<Problem.FieldError> errors, String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return null;
    }
}
