package org.crowdfund.notification.domain;

/** One recipient's channel choices for one type; e-mail of a transactional type stays on. */
public record Preference(NotificationType type, boolean email, boolean inApp) {

    public Preference {
        if (type.transactional()) {
            email = true;
        }
    }

    public Preference with(Boolean newEmail, Boolean newInApp) {
        return new Preference(type, newEmail == null ? email : newEmail, newInApp == null ? inApp : newInApp);
    }

    public boolean any() {
        return email || inApp;
    }
}
