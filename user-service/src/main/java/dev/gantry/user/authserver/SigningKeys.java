package dev.gantry.user.authserver;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.Ids;
import dev.gantry.user.crypto.SecretCipher;

/**
 * The RSA keys that sign access tokens, kept in the database (private keys encrypted) so every instance signs with
 * the same key and keys survive restarts. Rotation happens when a key is asked for and the newest is too old; the
 * instances agree through a transaction-scoped advisory lock. Read keys are cached briefly.
 */
@Component
class SigningKeys {

    /** How long a read of the keys is reused: short, so a rotation by another instance is seen quickly. */
    static final Duration CACHE = Duration.ofSeconds(10);
    private static final long ROTATION_LOCK = 0x6761_6e74_7279_6b65L;

    /** A stored key. */
    record StoredKey(RSAKey jwk, Instant createdAt) implements KeyRotation.Dated {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;
    private final KeyRotation rotation;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(List<StoredKey> published, Instant readAt) {
    }

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, SecretCipher cipher, AuthorizationServerProperties
            properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
        this.rotation = new KeyRotation(properties.keyRotation(), properties.accessTokenLifetime());
        this.clock = clock;
    }

    /** The published keys, newest (signing) first, rotating first when the newest is due. */
    List<StoredKey> published() {
        Instant now = clock.instant();
        Cached current = cached;
        if (current != null && now.isBefore(current.readAt().plus(CACHE))
                && !rotation.needsNewKey(current.published().getFirst().createdAt(), now)) {
            return current.published();
        }
        List<StoredKey> keys = transactions.execute(status -> {
            List<StoredKey> stored = load();
            if (rotation.needsNewKey(stored.isEmpty() ? null : stored.getFirst().createdAt(), now)) {
                jdbc.sql("select pg_advisory_xact_lock(:lock)").param("lock", ROTATION_LOCK)
                        .query((rs, row) -> 1).single();
                stored = load();
                if (rotation.needsNewKey(stored.isEmpty() ? null : stored.getFirst().createdAt(), now)) {
                    insertNewKey(now);
                    stored = load();
                }
            }
            return rotation.published(stored, now);
        });
        cached = new Cached(keys, now);
        return keys;
    }

    /** The key that signs new tokens. */
    RSAKey signingKey() {
        return published().getFirst().jwk();
    }

    private void insertNewKey(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String kid = Ids.newId().toString();
            jdbc.sql("""
                    insert into signing_keys (kid, private_key, public_key, created_at)
                    values (:kid, :privateKey, :publicKey, :createdAt)
                    """)
                    .param("kid", kid)
                    .param("privateKey", cipher.encrypt(pair.getPrivate().getEncoded(), "signing-key/" + kid))
                    .param("publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
                    .param("createdAt", now.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))
                    .update();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<StoredKey> load() {
        return jdbc.sql("select * from signing_keys order by created_at desc")
                .query((rs, row) -> {
                    String kid = rs.getString("kid");
                    return new StoredKey(rsaKey(kid, rs.getString("public_key"), rs.getString("private_key")),
                            rs.getTimestamp("created_at").toInstant());
                })
                .list();
    }

    private RSAKey rsaKey(String kid, String publicKey, String encryptedPrivateKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            RSAPrivateKey priv = (RSAPrivateKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(cipher.decrypt(encryptedPrivateKey, "signing-key/" + kid)));
            return new RSAKey.Builder(pub).privateKey(priv).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("Signing key " + kid + " cannot be read", e);
        }
    }
}
