package dev.gantry.user.authserver;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** The platform's own clients (configuration) first, then the tenants' integration clients (database). */
class ClientRegistrations implements RegisteredClientRepository {

    private final RegisteredClientRepository platform;
    private final RegisteredClientRepository tenants;

    ClientRegistrations(RegisteredClientRepository platform, RegisteredClientRepository tenants) {
        this.platform = platform;
        this.tenants = tenants;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        tenants.save(registeredClient);
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClient client = platform.findById(id);
        return client != null ? client : tenants.findById(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        RegisteredClient client = platform.findByClientId(clientId);
        return client != null ? client : tenants.findByClientId(clientId);
    }
}
