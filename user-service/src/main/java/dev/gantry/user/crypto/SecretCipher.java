package dev.gantry.user.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (TOTP secrets, token signing keys) with AES-256-GCM, so a copy of the database alone does
 * not reveal them. What a secret belongs to is bound as associated data: a secret copied onto another row does not
 * decrypt.
 */
public final class SecretCipher {

    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public SecretCipher(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("gantry.secrets.encryption-key must be 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    public String encrypt(byte[] secret, String boundTo) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] decrypt(String stored, String boundTo) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored secret does not decrypt with the configured key", e);
        }
    }
}
