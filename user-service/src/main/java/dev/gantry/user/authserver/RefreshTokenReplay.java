package dev.gantry.user.authserver;

import java.security.Principal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.user.audit.AuditEventType;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.signin.SignIns;
import dev.gantry.user.token.Secrets;

/**
 * Refresh-token rotation with replay detection around the stored authorizations: every refresh replaces the refresh
 * token (the clients are configured not to reuse them), the replaced token's hash is remembered, and presenting a
 * replaced token again revokes its whole family (the authorization: the current refresh token with it) and is
 * audited. A stolen refresh token is then useful at most until its rightful owner refreshes, and not after.
 */
class RefreshTokenReplay implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    RefreshTokenReplay(OAuth2AuthorizationService delegate, JdbcClient jdbc, TransactionTemplate transactions,
            AuditLog audit, Clock clock) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Optional.ofNullable(delegate.findById(authorization.getId()))
                .map(OAuth2Authorization::getRefreshToken)
                .map(OAuth2Authorization.Token::getToken)
                .map(OAuth2RefreshToken::getTokenValue)
                .filter(previous -> authorization.getRefreshToken() == null
                        || !previous.equals(authorization.getRefreshToken().getToken().getTokenValue()))
                .ifPresent(rotatedAway -> jdbc.sql("""
                        insert into refresh_token_history (token_hash, authorization_id, rotated_at)
                        values (:hash, :authorizationId, :at) on conflict do nothing
                        """)
                        .param("hash", Secrets.sha256(rotatedAway))
                        .param("authorizationId", authorization.getId())
                        .param("at", clock.instant().atOffset(ZoneOffset.UTC))
                        .update());
        delegate.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        OAuth2Authorization found = delegate.findByToken(token, tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            jdbc.sql("select authorization_id from refresh_token_history where token_hash = :hash")
                    .param("hash", Secrets.sha256(token)).query(String.class).optional()
                    .map(delegate::findById)
                    .ifPresent(this::revokeFamily);
        }
        return found;
    }

    private void revokeFamily(OAuth2Authorization family) {
        delegate.remove(family);
        Object principal = family.getAttribute(Principal.class.getName());
        if (principal instanceof Authentication user) {
            SignIns.tenantOf(user).ifPresent(tenantId -> TenantContext.callAs(tenantId, () -> transactions.execute(s ->
                    audit.record(AuditEventType.TOKEN_REPLAY_DETECTED, null, UUID.fromString(user.getName()),
                            Map.of("client", family.getRegisteredClientId(),
                                    "revoked", "refresh-token-family")))));
        }
    }
}
