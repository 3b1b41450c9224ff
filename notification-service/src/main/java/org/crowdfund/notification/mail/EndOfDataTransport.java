package org.crowdfund.notification.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Angus's SMTP transport with one step added: right after the end of a message's data (the final
 * {@code "."}) has been written to the socket, and before the server's reply is read, it runs a
 * hook. {@link SmtpMailer} uses it to mark the e-mail sent in the database at that exact point.
 * <p>
 * Why there: an SMTP server discards a message whose data was never terminated (the connection
 * closed before the {@code "."}), and takes responsibility for it once the {@code "."} arrived. A
 * process that dies before the {@code "."} is written therefore leaves nothing at the server and
 * the row unmarked (sent again after a restart: once); the {@code "."} written, the kernel
 * delivers it even if the process dies the next instant, and the mark's statement follows it
 * within microseconds, without waiting for any reply. Only a death between those two writes
 * sends the message twice (same Message-ID). Waiting for the server's 250 before marking, as a
 * plain {@code sendMessage} does, would make that window a network round trip plus the server's
 * processing; marking before the {@code "."} would turn the database's round trip into a window
 * where the message is lost. See docs/notifications.md, "Exactly once".
 * <p>
 * Used through {@link jakarta.mail.Session#getTransport(jakarta.mail.Provider)}; messages are
 * sent with DATA, never BDAT ({@code mail.smtp.chunksize} stays unset), so {@link #finishData} is
 * the only way a message ends.
 */
public class EndOfDataTransport extends SMTPTransport {

    /** Runs once the end of data is in the socket; must not throw (record failures yourself). */
    @FunctionalInterface
    public interface EndOfData {
        void written();
    }

    private SMTPOutputStream data;
    private EndOfData hook;
    private Address[] recipients;

    public EndOfDataTransport(Session session, URLName urlname) {
        super(session, urlname);
    }

    /** {@link #sendMessage(Message, Address[])} with {@code hook} run after the end of data is written. */
    public synchronized void sendMessage(Message message, Address[] addresses, EndOfData hook) throws MessagingException {
        this.hook = hook;
        this.recipients = addresses;
        try {
            super.sendMessage(message, addresses);
        } finally {
            this.hook = null;
            this.recipients = null;
            this.data = null;
        }
    }

    @Override
    protected OutputStream data() throws MessagingException {
        OutputStream stream = super.data();
        data = (SMTPOutputStream) stream;
        return stream;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        if (hook == null) {
            super.finishData();
            return;
        }
        data.ensureAtBOL();
        // written and flushed: a failure here throws before the hook (the message is not sent)
        sendCommand(".");
        hook.written();
        int reply = readServerResponse();
        if (reply != 250) {
            String response = getLastServerResponse();
            try {
                issueCommand("RSET", -1);
            } catch (MessagingException e) {
                // the reply above already ended the transaction; the connection is closed on failure anyway
            }
            throw new SMTPSendFailedException(".", reply, response, null, null, recipients, null);
        }
    }
}
