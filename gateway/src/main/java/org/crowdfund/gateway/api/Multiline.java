package org.crowdfund.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field of a request record that may span lines (a description, an update's body):
 * {@link JsonBodies} lets it hold line breaks and tabs. Every other text field is one line, since
 * titles, names and ids end up in e-mail subjects, headers and logs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Multiline {
}
