package org.crowdfund.gateway.clients;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A service refused or failed a call; the gateway answers with the matching problem. */
public class ServiceCallException extends RuntimeException {
    private final String service;

    public ServiceCallException(String service, StatusRuntimeException cause) {
        super(service + " answered " + cause.getStatus().getCode() + ": " + cause.getStatus().getDescription(), cause);
        this.service = service;
    }

    public String service() {
        return service;
    }

    public StatusRuntimeException status() {
        return (StatusRuntimeException) getCause();
    }

    public Status.Code code() {
        return status().getStatus().getCode();
    }
}
