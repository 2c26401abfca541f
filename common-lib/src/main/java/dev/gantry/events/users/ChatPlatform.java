package dev.gantry.events.users;

/** The chat platforms whose accounts a user can link: 钉钉, 企业微信, 飞书. */
public enum ChatPlatform {
    DINGTALK, WECOM, FEISHU
}
