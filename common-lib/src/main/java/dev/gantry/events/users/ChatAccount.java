package dev.gantry.events.users;

/** A user's account id on a chat platform (the DingTalk userId / staffId, WeCom userid, Feishu open_id). */
public record ChatAccount(ChatPlatform platform, String accountId) {
}
