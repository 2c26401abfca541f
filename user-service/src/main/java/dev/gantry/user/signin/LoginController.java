package dev.gantry.user.signin;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.gantry.user.mfa.Mfa;

/** The sign-in pages: the password form (processed by Spring Security) and the second-factor step. */
@Controller
class LoginController {

    /** How long the second-factor step may take after the password step. */
    static final Duration SECOND_FACTOR_WINDOW = Duration.ofMinutes(5);
    static final String PENDING = LoginController.class.getName() + ".PENDING";

    /** A sign-in waiting for its second factor, kept in the session. */
    record PendingSignIn(UUID tenantId, UUID userId, Instant expiresAt) implements Serializable {
    }

    private final SignIns signIns;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final RequestCache requests = new HttpSessionRequestCache();
    private final Clock clock;

    LoginController(SignIns signIns, Clock clock) {
        this.signIns = signIns;
        this.clock = clock;
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> login(HttpServletRequest request, @RequestParam(required = false) String error) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return html(LoginPages.login(LoginPages.chinese(request.getLocale()), csrf.getParameterName(),
                csrf.getToken(), error == null ? null : error.isEmpty() ? "credentials" : error));
    }

    @GetMapping(value = "/login/mfa", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> secondFactorPage(HttpServletRequest request, @RequestParam(required = false) String error) {
        if (pending(request) == null) {
            return redirect("/login?error=expired");
        }
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return html(LoginPages.secondFactor(LoginPages.chinese(request.getLocale()), csrf.getParameterName(),
                csrf.getToken(), error));
    }

    @PostMapping("/login/mfa")
    ResponseEntity<String> secondFactor(HttpServletRequest request, HttpServletResponse response,
            @RequestParam(required = false) String code) throws IOException {
        PendingSignIn pending = pending(request);
        if (pending == null) {
            return redirect("/login?error=expired");
        }
        Mfa.Check check = signIns.secondFactor(pending.tenantId(), pending.userId(),
                code == null || code.length() > 20 ? "" : code.strip());
        if (check.lockedUntil() != null) {
            request.getSession().removeAttribute(PENDING);
            return redirect("/login?error=locked");
        }
        if (!check.accepted()) {
            return redirect("/login/mfa?error=code");
        }
        request.getSession().removeAttribute(PENDING);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SignIns.authentication(pending.tenantId(), pending.userId(), clock.instant(), true));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        signIns.succeeded(pending.tenantId(), pending.userId(), "password,totp");
        SavedRequest saved = requests.getRequest(request, response);
        return redirect(saved == null ? "/" : saved.getRedirectUrl());
    }

    /** Called by the form login's failure handler when the password was right and a second factor is due. */
    static void startSecondFactor(HttpServletRequest request, UUID tenantId, UUID userId, Instant now) {
        HttpSession session = request.getSession();
        session.setAttribute(PENDING, new PendingSignIn(tenantId, userId, now.plus(SECOND_FACTOR_WINDOW)));
    }

    private PendingSignIn pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING) instanceof PendingSignIn pending)) {
            return null;
        }
        if (!clock.instant().isBefore(pending.expiresAt())) {
            session.removeAttribute(PENDING);
            return null;
        }
        return pending;
    }

    private static ResponseEntity<String> html(String page) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
                .body(page);
    }

    private static ResponseEntity<String> redirect(String location) {
        return ResponseEntity.status(302).header("Location", location).build();
    }
}
