package dev.lalala.infra;

import java.util.Map;
import java.nio.file.Files;
import java.util.List;

/** GreenMail SMTP plus the JSON read API in its own JVM: {@code dev.lalala.infra.mail.MailRunner}. */
final class MailServer extends ComponentServer {

    private volatile MailReader mailReader;

    MailServer(Settings settings) {
        super(Component.MAIL, settings);
    }

    @Override
    void prepare() throws Exception {
        requireJava21();
        Runtimes.classpath(settings.home(), "mail");
        Files.createDirectories(dataDir());
    }

    @Override
    Process launch(int smtpPort, int httpPort) throws Exception {
        List<String> opts = commonJvmOptions();
        if (!opts.contains("-XX:TieredStopAtLevel=1")) {
            opts.add("-XX:TieredStopAtLevel=1"); // a small JVM that mostly idles
        }
        return launchJava(opts, Runtimes.classpath(settings.home(), "mail"), "dev.lalala.infra.mail.MailRunner",
                List.of(Integer.toString(smtpPort), Integer.toString(httpPort)));
    }

    @Override
    boolean isHealthy(int smtpPort, int httpPort) {
        return Probes.smtp(smtpPort) && Probes.httpGet("http://" + Probes.HOST + ":" + httpPort + "/health") != null;
    }

    @Override
    boolean isReady(long pid, int smtpPort, int httpPort) {
        return readyFileFor(pid) && isHealthy(smtpPort, httpPort);
    }

    String apiUrl() {
        return "http://" + Probes.HOST + ":" + secondaryPort();
    }

    /** The reader of the mail API, kept while the API's address stays the same. */
    MailReader reader() {
        MailReader reader = mailReader;
        String url = apiUrl();
        if (reader == null || !reader.apiUrl().equals(url)) {
            reader = new MailReader(url);
            mailReader = reader;
        }
        return reader;
    }

    @Override
    void onStopped() {
        mailReader = null;
    }

    @Override
    void springProperties(Map<String, String> p, List<String> databases) {
        p.put("spring.mail.host", Probes.HOST);
        p.put("spring.mail.port", Integer.toString(port()));
        p.put("lalala.infra.mail.smtp-host", Probes.HOST);
        p.put("lalala.infra.mail.smtp-port", Integer.toString(port()));
        p.put("lalala.infra.mail.api-url", apiUrl());
    }

    @Override
    void environment(Map<String, String> env) {
        env.put("SPRING_MAIL_HOST", Probes.HOST);
        env.put("SPRING_MAIL_PORT", Integer.toString(port()));
        env.put("LALALA_MAIL_PORT", Integer.toString(port()));
        env.put("LALALA_MAIL_HTTP_PORT", Integer.toString(secondaryPort()));
        env.put("LALALA_MAIL_API_URL", apiUrl());
    }
}
