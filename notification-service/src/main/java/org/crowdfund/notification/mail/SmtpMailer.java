package org.crowdfund.notification.mail;

import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * E-mail over SMTP with Jakarta Mail (Eclipse Angus). Each sending thread holds one
 * {@link Connection} and reuses it for message after message (one SMTP session, many
 * transactions), reconnecting after a failure. Messages go through {@link EndOfDataTransport},
 * which lets the caller record the message sent the moment its end of data is written.
 */
@Singleton
public class SmtpMailer {
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final Provider provider = new Provider(Provider.Type.TRANSPORT, "smtp",
            EndOfDataTransport.class.getName(), "crowdfund", "1");

    static {
        // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader scan of the whole class
        // path on every MimeMessage, body part and header block it makes (StreamProvider.provider());
        // named by this property it is instantiated directly. It was the largest single cost of
        // building and writing a message (docs/benchmarks.md, Notifications).
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    public SmtpMailer(SmtpSettings settings) {
        this.settings = settings;
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.getHost());
        props.put("mail.smtp.port", String.valueOf(settings.getPort()));
        props.put("mail.smtp.auth", String.valueOf(!settings.getUsername().isEmpty()));
        props.put("mail.smtp.starttls.enable", String.valueOf(settings.isStarttls()));
        props.put("mail.smtp.starttls.required", String.valueOf(settings.isStarttls()));
        String timeout = String.valueOf(settings.getTimeout().toMillis());
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        this.session = Session.getInstance(props);
        try {
            this.from = new InternetAddress(settings.getFrom(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("SMTP_FROM is not an e-mail address: " + settings.getFrom(), e);
        }
    }

    /** A send failed; {@code permanent} when trying again cannot help (the server refused the address). */
    public static final class SendFailure extends Exception {
        private final boolean permanent;

        SendFailure(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    public Connection open() {
        return new Connection();
    }

    /** One SMTP session, used by one thread at a time. */
    public final class Connection implements AutoCloseable {
        private EndOfDataTransport transport;

        /**
         * Sends {@code email}, running {@code endOfData} right after its end of data is written
         * (see {@link EndOfDataTransport}); a failure before that point never ran it.
         */
        public void send(OutgoingEmail email, EndOfDataTransport.EndOfData endOfData) throws SendFailure {
            MimeMessage message;
            try {
                message = build(email);
            } catch (MessagingException | UnsupportedEncodingException e) {
                throw new SendFailure("cannot build the message: " + e.getMessage(), true, e);
            }
            try {
                if (transport == null || !transport.isConnected()) {
                    close();
                    transport = (EndOfDataTransport) session.getTransport(provider);
                    if (settings.getUsername().isEmpty()) {
                        transport.connect();
                    } else {
                        transport.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
                    }
                }
                transport.sendMessage(message, message.getAllRecipients(), endOfData);
            } catch (SendFailedException e) {
                close();
                // refused for good (5xx): the address, or the message at its end of data
                boolean refused = e.getNextException() instanceof SMTPAddressFailedException failed
                        && failed.getReturnCode() >= 500
                        || e instanceof SMTPSendFailedException atEnd && ".".equals(atEnd.getCommand())
                        && atEnd.getReturnCode() >= 500;
                throw new SendFailure(e.getMessage(), refused, e);
            } catch (MessagingException e) {
                close();
                throw new SendFailure(String.valueOf(e.getMessage()), false, e);
            }
        }

        @Override
        public void close() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // the connection is gone either way
                }
                transport = null;
            }
        }
    }

    MimeMessage build(OutgoingEmail email) throws MessagingException, UnsupportedEncodingException {
        String messageId = "<" + email.messageId() + "@crowdfund.notifications>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO,
                new InternetAddress(email.to(), email.toName().isBlank() ? null : email.toName(), StandardCharsets.UTF_8.name()));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        if (email.unsubscribeUrl() != null) {
            // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the URL
            message.setHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        // the Date and the transfer encoding set here, not chosen by saveChanges: it would format the
        // date through a synchronized formatter and read each body through once to pick an encoding
        message.setHeader("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        text.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        html.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }
}
