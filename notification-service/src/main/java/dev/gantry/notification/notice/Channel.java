package dev.gantry.notification.notice;

/** Where a notification goes: a person's inbox or mailbox, or a team's robot or webhook. */
public enum Channel {
    IN_APP, EMAIL, DINGTALK, WECOM, FEISHU, WEBHOOK;

    /** Channels that reach one person, which that person's preferences govern. */
    public boolean personal() {
        return this == IN_APP || this == EMAIL;
    }
}
