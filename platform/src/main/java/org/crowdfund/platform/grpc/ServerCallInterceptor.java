package org.crowdfund.platform.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.crowdfund.platform.identity.IdentityRefusals;
import org.crowdfund.platform.identity.IdentityVerifier;
import org.crowdfund.platform.ids.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every call a service serves passes here: the caller's signed identity is verified (a call
 * without one is anonymous; a forged, expired, foreign or misaddressed one, or the old unsigned
 * metadata, is refused with UNAUTHENTICATED before the handler runs) and put in the gRPC context
 * with the request id (which also goes to the log MDC); a {@link ServiceException} becomes its
 * status with {@code ErrorInfo}/{@code BadRequest} details, a failed call to another service
 * that the handler let escape is mapped by {@link Downstream}'s rule, anything else becomes
 * INTERNAL without leaking internals, and the call is timed by method and status.
 */
@Singleton
public class ServerCallInterceptor implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCallInterceptor.class);
    static final String MDC_REQUEST_ID = "requestId";
    private static final String BEARER = "Bearer ";

    private final MeterRegistry meters;
    private final IdentityVerifier identities;

    public ServerCallInterceptor(MeterRegistry meters, IdentityVerifier identities) {
        this.meters = meters;
        this.identities = identities;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String requestId = headers.get(CallContext.REQUEST_ID);
        if (requestId == null || requestId.isBlank()) {
            requestId = Ids.newId().toString();
        }
        MeteredCall<Q, R> metered = new MeteredCall<>(call, meters, Timer.start(meters));
        Principal principal;
        try {
            principal = principal(headers, call.getMethodDescriptor().getServiceName());
        } catch (ServiceException refused) {
            LOG.info("{} refused: {} ({})", call.getMethodDescriptor().getFullMethodName(), refused.reason(), refused.getMessage());
            StatusException status = StatusProto.toStatusException(refused.toRpcStatus());
            metered.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        Context context = Context.current()
                .withValue(CallContext.PRINCIPAL_KEY, principal)
                .withValue(CallContext.REQUEST_ID_KEY, requestId);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(context, metered, headers, next);
        return new ErrorMappingListener<>(listener, metered, requestId);
    }

    /** The verified caller, anonymous when the call carries no identity at all. */
    private Principal principal(Metadata headers, String service) {
        for (Metadata.Key<String> unsigned : Principal.UNSIGNED_CLAIMS) {
            if (headers.containsKey(unsigned)) {
                throw new ServiceException(Status.Code.UNAUTHENTICATED, IdentityRefusals.IDENTITY_UNSIGNED, unsigned.name()
                        + " metadata is not trusted: send the caller as a signed identity token (authorization: Bearer; "
                        + "org.crowdfund.platform.grpc.Calls does)");
            }
        }
        String authorization = headers.get(Principal.AUTHORIZATION);
        if (authorization == null) {
            return Principal.ANONYMOUS;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ServiceException(Status.Code.UNAUTHENTICATED, IdentityRefusals.IDENTITY_MALFORMED,
                    "authorization metadata must be 'Bearer <identity token>'");
        }
        return identities.verify(authorization.substring(BEARER.length()).trim(), service);
    }

    private static final class MeteredCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final MeterRegistry meters;
        private final Timer.Sample sample;
        private final AtomicBoolean closed = new AtomicBoolean();

        MeteredCall(ServerCall<Q, R> delegate, MeterRegistry meters, Timer.Sample sample) {
            super(delegate);
            this.meters = meters;
            this.sample = sample;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            sample.stop(Timer.builder("grpc.server.calls")
                    .tag("method", getMethodDescriptor().getFullMethodName())
                    .tag("status", status.getCode().name())
                    .register(meters));
            super.close(status, trailers);
        }

        boolean isClosed() {
            return closed.get();
        }
    }

    private static final class ErrorMappingListener<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final MeteredCall<Q, R> call;
        private final String requestId;

        ErrorMappingListener(ServerCall.Listener<Q> delegate, MeteredCall<Q, R> call, String requestId) {
            super(delegate);
            this.call = call;
            this.requestId = requestId;
        }

        @Override
        public void onMessage(Q message) {
            guarded(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            guarded(super::onHalfClose);
        }

        @Override
        public void onReady() {
            guarded(super::onReady);
        }

        private void guarded(Runnable step) {
            MDC.put(MDC_REQUEST_ID, requestId);
            try {
                step.run();
            } catch (ServiceException e) {
                closeWith(e);
            } catch (io.grpc.StatusRuntimeException e) {
                LOG.warn("{} failed calling another service: {}", call.getMethodDescriptor().getFullMethodName(), e.getStatus());
                closeWith(Downstream.translate("another service", e));
            } catch (RuntimeException e) {
                LOG.error("{} failed unexpectedly", call.getMethodDescriptor().getFullMethodName(), e);
                close(Status.INTERNAL.withDescription("internal error; request id " + requestId), new Metadata());
            } finally {
                MDC.remove(MDC_REQUEST_ID);
            }
        }

        private void closeWith(ServiceException e) {
            if (e.code() == Status.Code.INTERNAL || e.code() == Status.Code.UNKNOWN) {
                LOG.error("{} failed: {}", call.getMethodDescriptor().getFullMethodName(), e.getMessage(), e);
            }
            StatusException status = StatusProto.toStatusException(e.toRpcStatus());
            close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
        }

        private void close(Status status, Metadata trailers) {
            if (!call.isClosed()) {
                call.close(status, trailers);
            }
        }
    }
}
