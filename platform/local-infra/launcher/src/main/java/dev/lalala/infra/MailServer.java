package dev.lalala.infra;

import java.nio.file.Files;
import java.util.List;

/** GreenMail SMTP plus the JSON read API in its own JVM: {@code dev.lalala.infra.mail.MailRunner}. */
final class MailServer extends ComponentServer {

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
}
