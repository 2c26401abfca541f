package dev.gantry.notification.delivery;

import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.notice.RenderedMessage;
import dev.gantry.notification.recipient.Recipient;

/**
 * E-mail over SMTP: a multipart/alternative message with a plain-text part and an HTML part in the recipient's
 * language. The HTML is built from escaped text and then passed through an OWASP sanitizer policy (formatting,
 * blocks, https/http links only), so nothing a user wrote can become markup or script in a mail client.
 */
@Component
public class EmailSender {

    static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(new HtmlPolicyBuilder().allowElements("html", "body", "hr", "small").toFactory());

    private final JavaMailSender mail;
    private final MessageTemplates templates;
    private final String from;

    EmailSender(JavaMailSender mail, MessageTemplates templates, NotificationMailProperties properties) {
        this.mail = mail;
        this.templates = templates;
        this.from = properties.from();
    }

    public void send(Recipient recipient, Delivery delivery, RenderedMessage message) throws SendFailure {
        if (recipient.email() == null || recipient.email().isBlank()) {
            throw new SendFailure("The recipient has no e-mail address", false);
        }
        try {
            MimeMessage mime = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(recipient.email());
            helper.setSubject("[Gantry] " + message.title());
            helper.setText(plainText(message, recipient.locale()), html(message, recipient.locale()));
            mime.setHeader("X-Gantry-Delivery", delivery.id().toString());
            mime.setHeader("Content-Language", MessageTemplates.language(recipient.locale()));
            mail.send(mime);
        } catch (MessagingException | MailException e) {
            throw new SendFailure("SMTP delivery failed: " + e.getMessage(), e);
        }
    }

    String plainText(RenderedMessage message, String locale) {
        StringBuilder text = new StringBuilder(message.title()).append("\n\n").append(message.body()).append("\n");
        if (message.link() != null) {
            text.append("\n").append(templates.label("mail.open", locale)).append(": ").append(message.link())
                    .append("\n");
        }
        return text.append("\n-- \n").append(templates.label("mail.footer", locale)).append("\n").toString();
    }

    String html(RenderedMessage message, String locale) {
        StringBuilder html = new StringBuilder("<html><body>")
                .append("<h2>").append(HtmlUtils.htmlEscape(message.title())).append("</h2>")
                .append("<p>").append(HtmlUtils.htmlEscape(message.body())).append("</p>");
        if (message.link() != null) {
            html.append("<p><a href=\"").append(HtmlUtils.htmlEscape(message.link())).append("\">")
                    .append(HtmlUtils.htmlEscape(templates.label("mail.open", locale))).append("</a></p>");
        }
        html.append("<hr><p><small>").append(HtmlUtils.htmlEscape(templates.label("mail.footer", locale)))
                .append("</small></p></body></html>");
        return POLICY.sanitize(html.toString());
    }
}
