package dev.gantry.notification.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.gantry.common.Ids;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.notice.NoticeKind;
import dev.gantry.notification.notice.RenderedMessage;

/**
 * Users' in-app inboxes: notifications are added in the transaction of the event that caused them (once per event,
 * user and kind) and pushed to the user's open streams after commit.
 */
@Service
public class Inbox {

    private static final String COLUMNS = """
            id, kind, title, body, link, project_id, subject_id, created_at, read_at
            """;

    private final JdbcClient jdbc;
    private final InboxStream stream;
    private final Clock clock;

    Inbox(JdbcClient jdbc, InboxStream stream, Clock clock) {
        this.jdbc = jdbc;
        this.stream = stream;
        this.clock = clock;
    }

    /** Adds a notification unless this event already gave this user one of this kind; call inside a transaction. */
    public boolean add(UUID userId, UUID eventId, Notice notice, RenderedMessage message) {
        UUID tenant = TenantContext.requireTenant();
        InboxItem item = new InboxItem(Ids.newId(), notice.kind(), cut(message.title(), 300),
                cut(message.body(), 2000), message.link(), notice.projectId(), notice.subjectId(), clock.instant(),
                null);
        int added = jdbc.sql("""
                insert into notifications (id, tenant_id, user_id, event_id, kind, title, body, link, subject_id,
                                           project_id, created_at)
                values (:id, :tenantId, :userId, :eventId, :kind, :title, :body, :link, :subjectId, :projectId, :at)
                on conflict (tenant_id, user_id, event_id, kind) do nothing
                """)
                .param("id", item.id()).param("tenantId", tenant).param("userId", userId).param("eventId", eventId)
                .param("kind", item.kind().name()).param("title", item.title()).param("body", item.body())
                .param("link", item.link()).param("subjectId", item.subjectId()).param("projectId", item.projectId())
                .param("at", item.createdAt().atOffset(ZoneOffset.UTC))
                .update();
        if (added == 0) {
            return false;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                stream.publish(tenant, userId, item);
            }
        });
        return true;
    }

    /** The user's notifications, unread first, newest first within each group. */
    @Transactional(readOnly = true)
    public CursorPage<InboxItem> list(UUID userId, int limit, String cursor, boolean unreadOnly) {
        Position after = Position.decode(cursor);
        List<InboxItem> fetched = jdbc.sql("select " + COLUMNS + """
                from notifications
                where user_id = :userId
                  and (:unreadOnly = false or read_at is null)
                  and (cast(:afterRead as boolean) is null
                       or (read_at is not null) > cast(:afterRead as boolean)
                       or ((read_at is not null) = cast(:afterRead as boolean) and id < :afterId))
                order by (read_at is not null), id desc
                limit :limit
                """)
                .param("userId", userId).param("unreadOnly", unreadOnly)
                .param("afterRead", after == null ? null : after.read())
                .param("afterId", after == null ? new UUID(0, 0) : after.id())
                .param("limit", limit + 1)
                .query(Inbox::item).list();
        return CursorPage.of(fetched, limit, last -> new Position(last.read(), last.id()).encode());
    }

    @Transactional(readOnly = true)
    public long unreadCount(UUID userId) {
        return jdbc.sql("select count(*) from notifications where user_id = :userId and read_at is null")
                .param("userId", userId).query(Long.class).single();
    }

    /** Marks one of the user's notifications read (again is fine); 404 for anyone else's. */
    @Transactional
    public InboxItem markRead(UUID userId, UUID id) {
        jdbc.sql("update notifications set read_at = :at where id = :id and user_id = :userId and read_at is null")
                .param("at", clock.instant().atOffset(ZoneOffset.UTC)).param("id", id).param("userId", userId)
                .update();
        return find(userId, id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                "Notification not found", "You have no notification " + id + "."));
    }

    @Transactional
    public int markAllRead(UUID userId) {
        return jdbc.sql("update notifications set read_at = :at where user_id = :userId and read_at is null")
                .param("at", clock.instant().atOffset(ZoneOffset.UTC)).param("userId", userId).update();
    }

    private Optional<InboxItem> find(UUID userId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from notifications where id = :id and user_id = :userId")
                .param("id", id).param("userId", userId).query(Inbox::item).optional();
    }

    private static InboxItem item(ResultSet rs, int row) throws SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        return new InboxItem(rs.getObject("id", UUID.class), NoticeKind.valueOf(rs.getString("kind")),
                rs.getString("title"), rs.getString("body"), rs.getString("link"),
                rs.getObject("project_id", UUID.class), rs.getObject("subject_id", UUID.class),
                rs.getTimestamp("created_at").toInstant(), read == null ? null : read.toInstant());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Where a page ended: whether its last item was read, and its id. Opaque to clients. */
    record Position(boolean read, UUID id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((read ? "r" : "u") + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                char flag = text.charAt(0);
                if (flag != 'r' && flag != 'u') {
                    throw new IllegalArgumentException(text);
                }
                return new Position(flag == 'r', UUID.fromString(text.substring(1)));
            } catch (RuntimeException e) {
                throw new ValidationProblem(List.of(new Problems.FieldError("cursor",
                        "is not a cursor this API returned")));
            }
        }
    }
}
