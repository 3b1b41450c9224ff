package org.crowdfund.gateway.clients;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Times every outgoing call by service, method and status ({@code grpc.client.calls}). */
final class ClientCallMetrics implements ClientInterceptor {
    private final MeterRegistry meters;
    private final String service;

    ClientCallMetrics(MeterRegistry meters, String service) {
        this.meters = meters;
        this.service = service;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Timer.Sample sample = Timer.start(meters);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        sample.stop(Timer.builder("grpc.client.calls")
                                .tag("service", service)
                                .tag("method", method.getBareMethodName() == null ? method.getFullMethodName()
                                        : method.getBareMethodName())
                                .tag("status", status.getCode().name())
                                .register(meters));
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
