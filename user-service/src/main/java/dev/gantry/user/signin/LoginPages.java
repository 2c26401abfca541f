package dev.gantry.user.signin;

import java.util.Locale;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in pages, server-rendered in Chinese or English (by Accept-Language): a plain form, no scripts, so the
 * pages work everywhere and the strict content security policy holds.
 */
final class LoginPages {

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("title", new String[] {"Sign in to Gantry", "登录 Gantry"}),
            Map.entry("email", new String[] {"E-mail", "邮箱"}),
            Map.entry("password", new String[] {"Password", "密码"}),
            Map.entry("signIn", new String[] {"Sign in", "登录"}),
            Map.entry("mfaTitle", new String[] {"Two-factor authentication", "两步验证"}),
            Map.entry("mfaHint", new String[] {"Enter the 6-digit code from your authenticator app, or a recovery code.",
                    "请输入身份验证器应用中的 6 位验证码，或一个恢复码。"}),
            Map.entry("code", new String[] {"Code", "验证码"}),
            Map.entry("verify", new String[] {"Verify", "验证"}),
            Map.entry("error.credentials", new String[] {"Wrong e-mail or password.", "邮箱或密码错误。"}),
            Map.entry("error.locked", new String[] {"Too many failed attempts. Try again later.",
                    "失败次数过多，请稍后再试。"}),
            Map.entry("error.ambiguous", new String[] {
                    "This e-mail and password belong to several organisations; use a different password for each.",
                    "该邮箱和密码对应多个组织，请为每个组织设置不同的密码。"}),
            Map.entry("error.mfa-setup", new String[] {
                    "Your organisation requires two-factor authentication. Ask an administrator for help setting it up.",
                    "您的组织要求启用两步验证，请联系管理员协助设置。"}),
            Map.entry("error.code", new String[] {"That code is not valid.", "验证码无效。"}),
            Map.entry("error.expired", new String[] {"The sign-in took too long. Start again.", "登录已超时，请重新开始。"}));

    private LoginPages() {
    }

    /** Chinese for a browser that prefers Chinese, English otherwise. */
    static boolean chinese(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage());
    }

    static String login(boolean chinese, String csrfParameter, String csrfToken, String error) {
        return page(chinese, t(chinese, "title"), error, """
                <form method="post" action="/login">
                  <label for="username">%s</label>
                  <input id="username" name="username" type="email" autocomplete="username" maxlength="254" required autofocus>
                  <label for="password">%s</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" maxlength="200" required>
                  <input type="hidden" name="%s" value="%s">
                  <button type="submit">%s</button>
                </form>""".formatted(t(chinese, "email"), t(chinese, "password"), esc(csrfParameter), esc(csrfToken),
                t(chinese, "signIn")));
    }

    static String secondFactor(boolean chinese, String csrfParameter, String csrfToken, String error) {
        return page(chinese, t(chinese, "mfaTitle"), error, """
                <p>%s</p>
                <form method="post" action="/login/mfa">
                  <label for="code">%s</label>
                  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="20" required autofocus>
                  <input type="hidden" name="%s" value="%s">
                  <button type="submit">%s</button>
                </form>""".formatted(t(chinese, "mfaHint"), t(chinese, "code"), esc(csrfParameter), esc(csrfToken),
                t(chinese, "verify")));
    }

    private static String page(boolean chinese, String title, String error, String body) {
        String message = error == null || !TEXT.containsKey("error." + error) ? ""
                : "<p class=\"error\" role=\"alert\">" + t(chinese, "error." + error) + "</p>";
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f8;margin:0}
                main{max-width:22rem;margin:12vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
                h1{font-size:1.3rem;margin:0 0 1.2rem}label{display:block;margin:.8rem 0 .3rem;font-size:.9rem}
                input{width:100%%;box-sizing:border-box;padding:.55rem;border:1px solid #c8ccd2;border-radius:4px;font-size:1rem}
                button{margin-top:1.3rem;width:100%%;padding:.6rem;border:0;border-radius:4px;background:#1f6feb;color:#fff;font-size:1rem}
                .error{color:#b42318;background:#fef3f2;padding:.6rem;border-radius:4px}
                </style>
                </head>
                <body><main>
                <h1>%s</h1>
                %s
                %s
                </main></body>
                </html>
                """.formatted(chinese ? "zh-CN" : "en", esc(title), esc(title), message, body);
    }

    private static String t(boolean chinese, String key) {
        return esc(TEXT.get(key)[chinese ? 1 : 0]);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text, "UTF-8");
    }
}
