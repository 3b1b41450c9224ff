package org.crowdfund.payment;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.crowdfund.platform.grpc.Calls;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.payment.v1.HandleWebhookRequest;
import org.crowdfund.proto.payment.v1.HandleWebhookResponse;
import org.crowdfund.proto.payment.v1.PaymentServiceGrpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the gateway's POST /webhooks/stripe does, for tests: forwards the raw body and
 * Stripe-Signature to HandleWebhook and answers 200, or 400 when the service refuses the
 * signature (Stripe then stops retrying), or 500 (Stripe retries). Records every answer.
 */
final class WebhookIngress implements AutoCloseable {
    private final HttpServer server;
    private final List<HandleWebhookResponse> handled = new CopyOnWriteArrayList<>();

    private WebhookIngress(HttpServer server) {
        this.server = server;
    }

    static WebhookIngress start(ManagedChannel channel) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WebhookIngress ingress = new WebhookIngress(server);
        server.createContext("/webhooks/stripe", exchange -> {
            int status;
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String signature = exchange.getRequestHeaders().getFirst("Stripe-Signature");
                // a fresh stub per delivery: its deadline starts now
                HandleWebhookResponse response = Calls.as(PaymentServiceGrpc.newBlockingStub(channel),
                        Principal.service("gateway"), Duration.ofSeconds(10)).handleWebhook(HandleWebhookRequest.newBuilder()
                        .setPayload(ByteString.copyFrom(body)).setSignature(signature == null ? "" : signature).build());
                ingress.handled.add(response);
                status = 200;
            } catch (StatusRuntimeException e) {
                status = e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT ? 400 : 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return ingress;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    /** Every event the service accepted, in arrival order. */
    List<HandleWebhookResponse> handled() {
        return List.copyOf(handled);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
