package dev.gantry.notification.inbox;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live inbox streams (Server-Sent Events). A new notification is published on a Redis channel after its commit, so
 * every instance pushes it to the streams its users hold open there, wherever the event was consumed. A comment
 * line every 15 s keeps idle streams open through proxies and the gateway (whose response timeout is per read).
 */
@Component
public class InboxStream implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(InboxStream.class);
    static final String CHANNEL = "gantry:notifications:inbox";
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** What travels on the Redis channel. */
    record Published(UUID tenantId, UUID userId, InboxItem item) {
    }

    private record Subscriber(UUID tenantId, UUID userId) {
    }

    private final Map<Subscriber, Set<SseEmitter>> emitters = new ConcurrentHashMap<>();
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final RedisMessageListenerContainer container;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("inbox-heartbeat").daemon().factory());

    InboxStream(StringRedisTemplate redis, RedisConnectionFactory connections, JsonMapper json) {
        this.redis = redis;
        this.json = json;
        this.container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(this, new ChannelTopic(CHANNEL));
        container.afterPropertiesSet();
        container.start();
        heartbeats.scheduleAtFixedRate(this::heartbeat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(),
                TimeUnit.SECONDS);
    }

    /** Opens a stream for the user; the first event tells how many notifications are unread. */
    public SseEmitter open(UUID tenantId, UUID userId, long unread) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Subscriber subscriber = new Subscriber(tenantId, userId);
        emitters.computeIfAbsent(subscriber, s -> ConcurrentHashMap.newKeySet()).add(emitter);
        Runnable remove = () -> emitters.computeIfPresent(subscriber, (s, set) -> {
            set.remove(emitter);
            return set.isEmpty() ? null : set;
        });
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(emitter, SseEmitter.event().name("unread-count").data(Map.of("unread", unread),
                MediaType.APPLICATION_JSON));
        return emitter;
    }

    /** Tells every instance about a committed notification. */
    void publish(UUID tenantId, UUID userId, InboxItem item) {
        try {
            redis.convertAndSend(CHANNEL, json.writeValueAsString(new Published(tenantId, userId, item)));
        } catch (RuntimeException e) {
            // the notification is stored; a client that missed the push sees it on its next list or reconnect
            log.warn("Could not publish a live notification: {}", e.toString());
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        Published published = json.readValue(message.getBody(), Published.class);
        Set<SseEmitter> open = emitters.get(new Subscriber(published.tenantId(), published.userId()));
        if (open == null) {
            return;
        }
        for (SseEmitter emitter : open) {
            send(emitter, SseEmitter.event().id(published.item().id().toString()).name("notification")
                    .data(published.item(), MediaType.APPLICATION_JSON));
        }
    }

    private void heartbeat() {
        emitters.values().forEach(set -> set.forEach(emitter -> send(emitter, SseEmitter.event().comment("ping"))));
    }

    private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    @PreDestroy
    void close() throws Exception {
        heartbeats.shutdownNow();
        emitters.values().forEach(set -> set.forEach(SseEmitter::complete));
        container.stop();
        container.destroy();
    }
}
