package org.crowdfund.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser's view of a running gateway: plain HTTP requests, JSON answers. */
final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ApplicationContext context;
    private final URI base;

    Api(ApplicationContext context) {
        this.context = context;
        this.base = context.getBean(EmbeddedServer.class).getURI();
    }

    ApplicationContext context() {
        return context;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** The same gateway's management port (MANAGEMENT_PORT), which the public never reaches. */
    URI management(String path) {
        int port = context.getProperty("endpoints.all.port", Integer.class).orElseThrow();
        return URI.create("http://127.0.0.1:" + port).resolve(path);
    }

    Response get(String path) {
        return send(request(path, null).GET());
    }

    Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    Response post(String path, String token, String json, String... headers) {
        return send(withJson(request(path, token), json, headers).POST(body(json)));
    }

    /** A POST whose body is sent exactly as given, as Stripe sends its webhooks. */
    Response postBytes(String path, byte[] body, String... headers) {
        HttpRequest.Builder builder = request(path, null);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Response patch(String path, String token, String json) {
        return send(withJson(request(path, token), json).method("PATCH", body(json)));
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response, context.getBean(JsonMapper.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** A token for a user of the given roles, from the dev token endpoint. */
    String token(String subject, String... roles) {
        String json = "{\"subject\":\"" + subject + "\",\"roles\":[" + String.join(",",
                Arrays.stream(roles).map(r -> "\"" + r + "\"").toList()) + "],\"email\":\"" + subject
                + "@example.test\",\"name\":\"Test " + subject + "\"}";
        Response response = post("/api/v1/dev/tokens", null, json);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.string("token");
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String json, String... headers) {
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
    }

    record Response(HttpResponse<String> raw, JsonMapper mapper) {
        int status() {
            return raw.statusCode();
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        Map<String, Object> json() {
            try {
                return mapper.readValue(raw.body(), Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        String string(String field) {
            Object value = json().get(field);
            return value == null ? null : value.toString();
        }

        long number(String field) {
            return ((Number) json().get(field)).longValue();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String field) {
            return (Map<String, Object>) json().get(field);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) json().get(field);
        }

        /** The fields a VALIDATION_FAILED problem names. */
        List<String> errorFields() {
            List<Map<String, Object>> errors = list("errors");
            return errors == null ? List.of() : errors.stream().map(e -> String.valueOf(e.get("field"))).toList();
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
