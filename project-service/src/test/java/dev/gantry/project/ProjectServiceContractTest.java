package dev.gantry.project;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.ServiceContract;

@GantryIntegrationTest
class ProjectServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/v1/projects";
    }

    @Override
    protected String serviceName() {
        return "project-service";
    }
}
