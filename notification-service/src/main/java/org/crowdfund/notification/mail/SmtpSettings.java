package org.crowdfund.notification.mail;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** The SMTP server (SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS). */
@ConfigurationProperties("crowdfund.smtp")
public class SmtpSettings {
    private String host = "127.0.0.1";
    private int port = 3025;
    private String username = "";
    private String password = "";
    private String from = "Crowdfund <notifications@crowdfund.local>";
    private boolean starttls = false;
    private Duration timeout = Duration.ofSeconds(10);

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getFrom() { return from; }
    public void setFrom(String from) { this.from = from; }
    /** Require STARTTLS (a production relay); off for the local sink. */
    public boolean isStarttls() { return starttls; }
    public void setStarttls(boolean starttls) { this.starttls = starttls; }
    /** Connect, read and write timeout of SMTP conversations. */
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
}
