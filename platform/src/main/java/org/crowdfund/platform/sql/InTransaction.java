package org.crowdfund.platform.sql;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method through {@link Transactions}: {@link Transactions#write} (retried on
 * deadlock and serialization failures) or, with {@code readOnly}, {@link Transactions#read}. The
 * same helper as calling {@code Transactions} directly, for use cases that are one method; the
 * method must be safe to run again (see {@link Transactions}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Around
public @interface InTransaction {
    boolean readOnly() default false;
}
