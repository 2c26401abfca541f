package dev.gantry.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Web limits every service applies. */
@ConfigurationProperties("gantry.web")
public record GantryWebProperties(DataSize maxRequestBody) {

    public GantryWebProperties {
        if (maxRequestBody == null) {
            maxRequestBody = DataSize.ofMegabytes(1);
        }
    }
}
