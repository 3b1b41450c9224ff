package org.crowdfund.platform.sql;

import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** {@link InTransaction} methods run through {@link Transactions}. */
@Singleton
@InterceptorBean(InTransaction.class)
@Requires(property = "datasources.default.url")
class InTransactionInterceptor implements MethodInterceptor<Object, Object> {
    private final Transactions tx;

    InTransactionInterceptor(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        boolean readOnly = context.booleanValue(InTransaction.class, "readOnly").orElse(false);
        return readOnly ? tx.read(context::proceed) : tx.write(context::proceed);
    }
}
