package dev.gantry.notification.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.notification.delivery.Deliveries;
import dev.gantry.notification.delivery.DeliveryMetrics;
import dev.gantry.notification.inbox.Inbox;
import dev.gantry.notification.integration.Integration;
import dev.gantry.notification.integration.Integrations;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.preference.PreferenceSettings;
import dev.gantry.notification.preference.Preferences;
import dev.gantry.notification.recipient.Recipient;
import dev.gantry.notification.recipient.Recipients;

/**
 * Turns a notice and its audience into inbox entries and deliveries, inside the transaction of the event (or job)
 * that caused it, honouring each person's preferences and quiet hours. {@code eventId} keys the deduplication: the
 * same event never gives the same person or channel a second message.
 */
@Component
public class Notifier {

    private final Recipients recipients;
    private final Preferences preferences;
    private final Inbox inbox;
    private final Deliveries deliveries;
    private final Integrations integrations;
    private final MessageTemplates templates;
    private final DeliveryMetrics metrics;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Set<UUID> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Notifier(Recipients recipients, Preferences preferences, Inbox inbox, Deliveries deliveries,
            Integrations integrations, MessageTemplates templates, DeliveryMetrics metrics, JdbcClient jdbc,
            Clock clock) {
        this.recipients = recipients;
        this.preferences = preferences;
        this.inbox = inbox;
        this.deliveries = deliveries;
        this.integrations = integrations;
        this.templates = templates;
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Tells these people (in-app and by e-mail, as each prefers) and, for team kinds, the project's robots. */
    public void notify(UUID eventId, Notice notice, Collection<UUID> people) {
        remember();
        tellPeople(eventId, notice, people);
        if (notice.kind().teamChannel() && notice.projectId() != null) {
            List<Integration> robots = integrations.postingTo(notice.projectId(), notice.kind());
            post(eventId, robots.isEmpty() ? notice : withMentions(notice, people), robots);
        }
    }

    /** Posts a notice to these integrations only (e.g. the tenant's escalation channel). */
    public void post(UUID eventId, Notice notice, List<Integration> targets) {
        remember();
        for (Integration integration : targets) {
            deliveries.enqueue(eventId, notice, integration.platform(), integration.id().toString(), null,
                    integration.id(), null);
        }
    }

    /**
     * The notice with the chat accounts of the people it concerns ({@code mention.DINGTALK} = comma-separated ids),
     * so that a team robot @-mentions them in the group.
     */
    private Notice withMentions(Notice notice, Collection<UUID> people) {
        Map<ChatPlatform, List<String>> accounts = recipients.chatAccountsOf(Set.copyOf(people));
        if (accounts.isEmpty()) {
            return notice;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>(notice.params());
        accounts.forEach((platform, ids) -> params.put(Notice.MENTION + platform.name(), String.join(",", ids)));
        return new Notice(notice.kind(), notice.projectId(), notice.subjectId(), notice.path(), params);
    }

    private void tellPeople(UUID eventId, Notice notice, Collection<UUID> people) {
        if (people.isEmpty()) {
            return;
        }
        List<Recipient> known = recipients.findAll(Set.copyOf(people)).stream().filter(Recipient::active).toList();
        Map<UUID, PreferenceSettings> settings = preferences.of(
                known.stream().map(Recipient::userId).collect(java.util.stream.Collectors.toSet()));
        Instant now = clock.instant();
        for (Recipient recipient : known) {
            PreferenceSettings preference = settings.get(recipient.userId());
            if (preference.wants(notice.kind(), Channel.IN_APP)
                    && inbox.add(recipient.userId(), eventId, notice, templates.render(notice, recipient.locale()))) {
                metrics.sent(Channel.IN_APP);
            }
            if (preference.wants(notice.kind(), Channel.EMAIL) && recipient.email() != null) {
                Instant notBefore = preference.quietHours() == null ? null
                        : preference.quietHours().deferUntil(now, recipient.zone()).orElse(null);
                deliveries.enqueue(eventId, notice, Channel.EMAIL, recipient.userId().toString(), recipient.userId(),
                        null, notBefore);
            }
        }
    }

    /** Records the tenant for the scheduled jobs, which visit known tenants one by one (once per instance). */
    private void remember() {
        UUID tenant = TenantContext.requireTenant();
        if (!known.contains(tenant)) {
            jdbc.sql("insert into known_tenants (tenant_id) values (:id) on conflict do nothing").param("id", tenant)
                    .update();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    known.add(tenant);
                }
            });
        }
    }
}
