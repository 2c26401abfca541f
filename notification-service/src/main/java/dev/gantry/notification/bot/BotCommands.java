package dev.gantry.notification.bot;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.recipient.Recipient;
import dev.gantry.notification.recipient.Recipients;
import dev.gantry.notification.reminder.TrackedRelease;
import dev.gantry.notification.reminder.TrackedTask;
import dev.gantry.notification.reminder.TrackedWork;

/**
 * Carries out a chat command for a linked Gantry user: names (task keys, release and stage names) are resolved from
 * notification-service's projections, then the owning service is called with a token of that user, which decides
 * what the user may see and do. Every answer is a chat message in the user's language; refusals say why.
 */
@Service
public class BotCommands {

    private static final Logger log = LoggerFactory.getLogger(BotCommands.class);

    private final UserTokens tokens;
    private final OwningServices services;
    private final TrackedWork work;
    private final Recipients recipients;
    private final MessageTemplates templates;

    BotCommands(UserTokens tokens, OwningServices services, TrackedWork work, Recipients recipients,
            MessageTemplates templates) {
        this.tokens = tokens;
        this.services = services;
        this.work = work;
        this.recipients = recipients;
        this.templates = templates;
    }

    /** The answer to someone whose chat account is linked to no Gantry user. */
    public BotReply notLinked(String platform) {
        return reply(MessageTemplates.ZH_CN, "bot.notLinked", platform);
    }

    public BotReply handle(UUID tenantId, UUID userId, String text, String platform) {
        String locale = recipients.find(userId).map(Recipient::locale).orElse(MessageTemplates.ZH_CN);
        BotCommand command = BotCommand.parse(text);
        if (command instanceof BotCommand.Help) {
            return reply(locale, "bot.help");
        }
        String token;
        try {
            token = tokens.tokenFor(tenantId, userId);
        } catch (UserTokens.UnavailableException e) {
            log.warn("No token for a bot command of user {}: {}", userId, e.getMessage());
            return reply(locale, "bot.unavailable");
        }
        try {
            return switch (command) {
                case BotCommand.MyTasks ignored -> myTasks(token, locale);
                case BotCommand.ShowTask show -> showTask(token, show.key(), locale);
                case BotCommand.Approve approve -> approve(token, approve, locale, platform);
                case BotCommand.Help help -> reply(locale, "bot.help");
            };
        } catch (IOException e) {
            log.warn("A bot command's call failed: {}", e.toString());
            return reply(locale, "bot.unavailable");
        }
    }

    private BotReply myTasks(String token, String locale) throws IOException {
        OwningServices.Answer answer = services.myTasks(token);
        if (!answer.ok()) {
            return reply(locale, "bot.refused", answer.problem());
        }
        StringBuilder text = new StringBuilder();
        JsonNode items = answer.body().get("items");
        if (items == null || items.isEmpty()) {
            return reply(locale, "bot.noTasks");
        }
        for (JsonNode item : items) {
            text.append("- **").append(field(item, "key")).append("** ").append(field(item, "title"))
                    .append(" (").append(field(item, "status"))
                    .append(item.hasNonNull("dueDate") ? ", " + field(item, "dueDate") : "").append(")\n");
        }
        return new BotReply(templates.label("bot.myTasks", locale), "#### " + templates.label("bot.myTasks", locale)
                + "\n\n" + text);
    }

    private BotReply showTask(String token, String key, String locale) throws IOException {
        TrackedTask task = work.taskByKey(key).orElse(null);
        if (task == null) {
            return reply(locale, "bot.noSuchTask", key);
        }
        OwningServices.Answer answer = services.task(token, task.taskId());
        if (!answer.ok()) {
            return reply(locale, answer.status() == 404 || answer.status() == 403 ? "bot.noSuchTask" : "bot.refused",
                    answer.status() == 404 || answer.status() == 403 ? key : answer.problem());
        }
        JsonNode body = answer.body();
        return new BotReply(key, "#### " + field(body, "key") + " " + field(body, "title") + "\n\n- "
                + templates.label("bot.status", locale) + ": " + field(body, "status") + "\n- "
                + templates.label("bot.due", locale) + ": " + field(body, "dueDate"));
    }

    private BotReply approve(String token, BotCommand.Approve approve, String locale, String platform)
            throws IOException {
        List<TrackedRelease> releases = work.releasesNamed(approve.release()).stream()
                .filter(r -> "RUNNING".equals(r.status())).toList();
        if (releases.isEmpty()) {
            return reply(locale, "bot.noSuchRelease", approve.release());
        }
        if (releases.size() > 1) {
            return reply(locale, "bot.ambiguousRelease", approve.release());
        }
        TrackedRelease release = releases.getFirst();
        ReleaseStage stage = work.stagesOf(release.releaseId()).stream()
                .filter(s -> s.name().equalsIgnoreCase(approve.stage())).findFirst().orElse(null);
        if (stage == null) {
            return reply(locale, "bot.noSuchStage", approve.stage(), release.label());
        }
        OwningServices.Answer answer = services.approve(token, release.releaseId(), stage.stageId(),
                templates.label("bot.approvalComment", locale, platform));
        if (!answer.ok()) {
            return reply(locale, "bot.refused", answer.problem());
        }
        return reply(locale, "bot.approved", stage.name(), release.label());
    }

    private BotReply reply(String locale, String key, Object... values) {
        String text = templates.label(key, locale, values);
        return new BotReply("Gantry", text);
    }

    private static String field(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value == null || value.isNull() ? "-" : value.asString().replace("\n", " ");
    }
}
