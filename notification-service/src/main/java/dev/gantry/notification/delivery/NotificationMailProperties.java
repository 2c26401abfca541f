package dev.gantry.notification.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The sender of notification e-mails ({@code gantry.notifications.mail.from}). */
@ConfigurationProperties("gantry.notifications.mail")
public record NotificationMailProperties(String from) {

    public NotificationMailProperties {
        from = from == null ? "Gantry <no-reply@gantry.local>" : from;
    }
}
