package org.crowdfund.pledge.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.crowdfund.pledge.domain.PaymentTiming;

import java.time.Duration;

/** crowdfund.pledges.*: every knob has an environment variable (see application.yml and docs/pledges.md). */
@ConfigurationProperties("crowdfund.pledges")
public class PledgeConfig {
    private Duration callDeadline = Duration.ofSeconds(10);
    private Duration holdLeadTime = Duration.ofDays(4);
    private Duration settlementWindow = Duration.ofDays(1);
    private Duration expectedOnSessionHold = Duration.ofDays(7);
    private Duration holdRenewBefore = Duration.ofDays(1);
    private Duration actionTimeout = Duration.ofMinutes(15);
    private Duration fixWindow = Duration.ofDays(7);
    private Duration retryBackoff = Duration.ofHours(1);
    private Duration sagaStaleAfter = Duration.ofSeconds(30);
    private Duration sagaLease = Duration.ofSeconds(60);
    private Duration jobInterval = Duration.ofSeconds(10);
    private Duration settlementInterval = Duration.ofSeconds(1);
    private int settlementBatch = 200;
    private int settlementParallelism = 8;
    private Duration settlementLease = Duration.ofSeconds(60);
    private boolean jobsEnabled = true;

    public PaymentTiming timing() {
        return new PaymentTiming(holdLeadTime, settlementWindow, expectedOnSessionHold, holdRenewBefore);
    }

    public Duration getCallDeadline() {
        return callDeadline;
    }

    public void setCallDeadline(Duration callDeadline) {
        this.callDeadline = callDeadline;
    }

    public Duration getHoldLeadTime() {
        return holdLeadTime;
    }

    public void setHoldLeadTime(Duration holdLeadTime) {
        this.holdLeadTime = holdLeadTime;
    }

    public Duration getSettlementWindow() {
        return settlementWindow;
    }

    public void setSettlementWindow(Duration settlementWindow) {
        this.settlementWindow = settlementWindow;
    }

    public Duration getExpectedOnSessionHold() {
        return expectedOnSessionHold;
    }

    public void setExpectedOnSessionHold(Duration expectedOnSessionHold) {
        this.expectedOnSessionHold = expectedOnSessionHold;
    }

    public Duration getHoldRenewBefore() {
        return holdRenewBefore;
    }

    public void setHoldRenewBefore(Duration holdRenewBefore) {
        this.holdRenewBefore = holdRenewBefore;
    }

    public Duration getActionTimeout() {
        return actionTimeout;
    }

    public void setActionTimeout(Duration actionTimeout) {
        this.actionTimeout = actionTimeout;
    }

    public Duration getFixWindow() {
        return fixWindow;
    }

    public void setFixWindow(Duration fixWindow) {
        this.fixWindow = fixWindow;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getSagaStaleAfter() {
        return sagaStaleAfter;
    }

    public void setSagaStaleAfter(Duration sagaStaleAfter) {
        this.sagaStaleAfter = sagaStaleAfter;
    }

    public Duration getSagaLease() {
        return sagaLease;
    }

    public void setSagaLease(Duration sagaLease) {
        this.sagaLease = sagaLease;
    }

    public Duration getJobInterval() {
        return jobInterval;
    }

    public void setJobInterval(Duration jobInterval) {
        this.jobInterval = jobInterval;
    }

    public Duration getSettlementInterval() {
        return settlementInterval;
    }

    public void setSettlementInterval(Duration settlementInterval) {
        this.settlementInterval = settlementInterval;
    }

    public int getSettlementBatch() {
        return settlementBatch;
    }

    public void setSettlementBatch(int settlementBatch) {
        this.settlementBatch = settlementBatch;
    }

    public int getSettlementParallelism() {
        return settlementParallelism;
    }

    public void setSettlementParallelism(int settlementParallelism) {
        this.settlementParallelism = settlementParallelism;
    }

    public Duration getSettlementLease() {
        return settlementLease;
    }

    public void setSettlementLease(Duration settlementLease) {
        this.settlementLease = settlementLease;
    }

    public boolean isJobsEnabled() {
        return jobsEnabled;
    }

    public void setJobsEnabled(boolean jobsEnabled) {
        this.jobsEnabled = jobsEnabled;
    }
}
