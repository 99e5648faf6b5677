package dev.lalala.defaults.apidocs;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** What a service's /v3/api-docs says about it; the gateway gathers every service's document. */
@ConfigurationProperties("lalala.api-docs")
public class ApiDocsProperties {

    /** The document's title; default {@code LALALA <spring.application.name>}. */
    private String title;

    private String version = "v1";

    /** What the service is for, in a few sentences (Markdown); sockets, which are no HTTP operation, described here. */
    private String description;

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
