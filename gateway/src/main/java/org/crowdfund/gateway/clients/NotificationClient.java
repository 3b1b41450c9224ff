package org.crowdfund.gateway.clients;

import jakarta.inject.Singleton;
import org.crowdfund.gateway.auth.Caller;
import org.crowdfund.proto.notification.v1.DescribeUnsubscribeRequest;
import org.crowdfund.proto.notification.v1.DescribeUnsubscribeResponse;
import org.crowdfund.proto.notification.v1.GetPreferencesRequest;
import org.crowdfund.proto.notification.v1.GetPreferencesResponse;
import org.crowdfund.proto.notification.v1.ListNotificationsRequest;
import org.crowdfund.proto.notification.v1.ListNotificationsResponse;
import org.crowdfund.proto.notification.v1.MarkReadRequest;
import org.crowdfund.proto.notification.v1.MarkReadResponse;
import org.crowdfund.proto.notification.v1.NotificationServiceGrpc;
import org.crowdfund.proto.notification.v1.UnsubscribeRequest;
import org.crowdfund.proto.notification.v1.UnsubscribeResponse;
import org.crowdfund.proto.notification.v1.UpdatePreferencesRequest;
import org.crowdfund.proto.notification.v1.UpdatePreferencesResponse;

/**
 * notification-service, as the REST API uses it: the signed-in recipient's inbox and preferences
 * (the service serves only the caller's own), and the token-authorized unsubscribe link.
 */
@Singleton
public class NotificationClient {
    static final String SERVICE = "notification";

    private final GrpcChannels channels;
    private final NotificationServiceGrpc.NotificationServiceBlockingStub stub;

    public NotificationClient(GrpcChannels channels) {
        this.channels = channels;
        this.stub = NotificationServiceGrpc.newBlockingStub(channels.open(SERVICE, NotificationServiceGrpc.getServiceDescriptor()));
    }

    public ListNotificationsResponse list(Caller caller, ListNotificationsRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.listNotifications(request));
    }

    public MarkReadResponse markRead(Caller caller, String notificationId) {
        MarkReadRequest request = MarkReadRequest.newBuilder().setNotificationId(notificationId).build();
        return channels.call(SERVICE, stub, caller, s -> s.markRead(request));
    }

    public GetPreferencesResponse preferences(Caller caller) {
        return channels.call(SERVICE, stub, caller, s -> s.getPreferences(GetPreferencesRequest.getDefaultInstance()));
    }

    public UpdatePreferencesResponse updatePreferences(Caller caller, UpdatePreferencesRequest request) {
        return channels.call(SERVICE, stub, caller, s -> s.updatePreferences(request));
    }

    public DescribeUnsubscribeResponse describeUnsubscribe(Caller caller, String token) {
        DescribeUnsubscribeRequest request = DescribeUnsubscribeRequest.newBuilder().setToken(token).build();
        return channels.call(SERVICE, stub, caller, s -> s.describeUnsubscribe(request));
    }

    public UnsubscribeResponse unsubscribe(Caller caller, String token) {
        UnsubscribeRequest request = UnsubscribeRequest.newBuilder().setToken(token).build();
        return channels.call(SERVICE, stub, caller, s -> s.unsubscribe(request));
    }
}
