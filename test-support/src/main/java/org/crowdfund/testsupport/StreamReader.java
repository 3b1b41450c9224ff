package org.crowdfund.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;

import java.util.ArrayList;
import java.util.List;

/** Reads every message a JetStream stream holds, in stream order, for assertions. */
public final class StreamReader {
    private StreamReader() {
    }

    public static List<MessageInfo> all(String natsUrl, String stream) {
        try (Connection nc = Nats.connect(natsUrl)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamInfo info;
            try {
                info = jsm.getStreamInfo(stream);
            } catch (JetStreamApiException e) {
                return List.of();
            }
            List<MessageInfo> messages = new ArrayList<>();
            long first = info.getStreamState().getFirstSequence();
            long last = info.getStreamState().getLastSequence();
            for (long seq = Math.max(first, 1); seq <= last; seq++) {
                try {
                    messages.add(jsm.getMessage(stream, seq));
                } catch (JetStreamApiException deleted) {
                    // purged or deleted sequence
                }
            }
            return messages;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read stream " + stream + ": " + e.getMessage(), e);
        }
    }
}
