<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>JobError</name>
    <message>
        <source>unexpected failure</source>
        <translation>unerwarteter Fehler</translation>
    </message>
    <message>
        <source>A setting is not valid.</source>
        <translation>Eine Einstellung ist ungültig.</translation>
    </message>
    <message>
        <source>A file, folder or entry was not found.</source>
        <translation>Eine Datei, ein Ordner oder ein Eintrag wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The system refused to read or write a file.</source>
        <translation>Das System hat das Lesen oder Schreiben einer Datei verweigert.</translation>
    </message>
    <message>
        <source>A file is not what it claims to be.</source>
        <translation>Eine Datei ist nicht das, was sie vorgibt zu sein.</translation>
    </message>
    <message>
        <source>A file asks to run code; it was not loaded.</source>
        <translation>Eine Datei will Code ausführen; sie wurde nicht geladen.</translation>
    </message>
    <message>
        <source>This is not supported.</source>
        <translation>Das wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>The model and the data do not fit together.</source>
        <translation>Modell und Daten passen nicht zusammen.</translation>
    </message>
    <message>
        <source>A computation produced invalid numbers.</source>
        <translation>Eine Berechnung hat ungültige Zahlen ergeben.</translation>
    </message>
    <message>
        <source>Something went wrong while running.</source>
        <translation>Bei der Ausführung ist etwas schiefgegangen.</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors);;All files (*)</source>
        <translation>Checkpoints (*.pt *.pth *.safetensors);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot use %1</source>
        <translation>%1 kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2, %3 tensors, %4 parameters)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2, %3 Tensoren, %4 Parameter)</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;A %1 is expected here.&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;Hier wird ein %1 erwartet.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;No configuration could be inferred: %1</source>
        <translation>&lt;br&gt;Es konnte keine Konfiguration abgeleitet werden: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Assumed: %1</source>
        <translation>&lt;br&gt;Angenommen: %1</translation>
    </message>
    <message>
        <source>Use it</source>
        <translation>Verwenden</translation>
    </message>
    <message>
        <source>&lt;br&gt;Configuration used: %1</source>
        <translation>&lt;br&gt;Verwendete Konfiguration: %1</translation>
    </message>
</context>
<context>
    <name>mlens::app::ClassesDialog</name>
    <message>
        <source>Minority classes</source>
        <translation>Minderheitsklassen</translation>
    </message>
    <message>
        <source>Quantile thresholds split the %1 scores into L ordinal classes: 0 is the most common, L-1 the rarest. The suggestion keeps at least 100 images per class.</source>
        <translation>Quantilschwellen teilen die %1 Scores in L ordinale Klassen: 0 ist die häufigste, L-1 die seltenste. Der Vorschlag behält mindestens 100 Bilder pro Klasse.</translation>
    </message>
    <message>
        <source>Number of classes &amp;L (suggested %1)</source>
        <translation>Anzahl der K&amp;lassen L (Vorschlag %1)</translation>
    </message>
</context>
<context>
    <name>mlens::app::ExportDialog</name>
    <message>
        <source>Export the ranked gallery</source>
        <translation>Rangliste der Galerie exportieren</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Export into (a new or empty folder)</source>
        <translation>Exportieren nach (ein neuer oder leerer Ordner)</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;Ordner</translation>
    </message>
    <message numerus="yes">
        <source>The current filtered view (%n image(s))</source>
        <translation>
            <numerusform>Die aktuelle gefilterte Ansicht (%n Bild)</numerusform>
            <numerusform>Die aktuelle gefilterte Ansicht (%n Bilder)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The selection (%n image(s))</source>
        <translation>
            <numerusform>Die Auswahl (%n Bild)</numerusform>
            <numerusform>Die Auswahl (%n Bilder)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every image (%n)</source>
        <translation>
            <numerusform>Alle Bilder (%n)</numerusform>
            <numerusform>Alle Bilder (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>&amp;Bilder</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>&amp;Top k (in rank order)</source>
        <translation>&amp;Top k (in Rangfolge)</translation>
    </message>
    <message>
        <source>PNG files named by rank and score, and a CSV manifest</source>
        <translation>PNG-Dateien, benannt nach Rang und Score, und ein CSV-Manifest</translation>
    </message>
    <message>
        <source>Contact sheet (PNG)</source>
        <translation>Kontaktabzug (PNG)</translation>
    </message>
    <message>
        <source>Self-contained HTML page</source>
        <translation>Eigenständige HTML-Seite</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>De-identify: random pseudonyms; no names, dates, identifiers or header text</source>
        <translation>De-identifizieren: zufällige Pseudonyme; keine Namen, Daten, Kennungen oder Kopftexte</translation>
    </message>
    <message>
        <source>Keep the free-text notes (they may identify a patient)</source>
        <translation>Freitext-Notizen behalten (sie können einen Patienten identifizieren)</translation>
    </message>
    <message>
        <source>optional: a key file outside the export (pseudonym -&gt; image)</source>
        <translation>optional: eine Schlüsseldatei außerhalb des Exports (Pseudonym -&gt; Bild)</translation>
    </message>
    <message>
        <source>&amp;Key file</source>
        <translation>&amp;Schlüsseldatei</translation>
    </message>
</context>
<context>
    <name>mlens::app::MainWindow</name>
    <message>
        <source>MinorityLens</source>
        <translation>MinorityLens</translation>
    </message>
    <message>
        <source>&amp;Train the minority classifier...</source>
        <translation>Minderheitsklassifikator &amp;trainieren...</translation>
    </message>
    <message>
        <source>&amp;Resume training</source>
        <translation>Training &amp;fortsetzen</translation>
    </message>
    <message>
        <source>A noise-conditioned classifier p(class | x_t) learns the ordinal minority classes; its gradient steers sampling.</source>
        <translation>Ein rauschkonditionierter Klassifikator p(Klasse | x_t) lernt die ordinalen Minderheitsklassen; sein Gradient steuert das Sampling.</translation>
    </message>
    <message>
        <source>&amp;Classifier</source>
        <translation>&amp;Klassifikator</translation>
    </message>
    <message>
        <source>&amp;Sampling</source>
        <translation>&amp;Sampling</translation>
    </message>
    <message>
        <source>&amp;Evaluate the last samples</source>
        <translation>Letzte Samples &amp;auswerten</translation>
    </message>
    <message>
        <source>Neighbourhood density of real, baseline and guided images in a feature space: higher LOF and AvgkNN mean sparser regions, i.e. minority features.</source>
        <translation>Nachbarschaftsdichte realer, ungelenkter und gelenkter Bilder in einem Merkmalsraum: höhere LOF- und AvgkNN-Werte bedeuten dünner besetzte Regionen, also Minderheitsmerkmale.</translation>
    </message>
    <message>
        <source>&amp;Evaluation</source>
        <translation>&amp;Auswertung</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <source>Device: cpu</source>
        <translation>Gerät: CPU</translation>
    </message>
    <message>
        <source>Rarest first</source>
        <translation>Seltenste zuerst</translation>
    </message>
    <message>
        <source>Most common first</source>
        <translation>Häufigste zuerst</translation>
    </message>
    <message>
        <source>Order by minority score</source>
        <translation>Nach Minderheits-Score sortieren</translation>
    </message>
    <message>
        <source>rare</source>
        <translation>selten</translation>
    </message>
    <message>
        <source>artifact</source>
        <translation>Artefakt</translation>
    </message>
    <message>
        <source>review later</source>
        <translation>später prüfen</translation>
    </message>
    <message>
        <source>Filter by path</source>
        <translation>Nach Pfad filtern</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Vorschaugröße</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Markierungen:</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>&amp;Gallery</source>
        <translation>&amp;Galerie</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open dataset folder...</source>
        <translation>Datensatzordner ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Open a dataset folder (it is only ever read)</source>
        <translation>Einen Datensatzordner öffnen (er wird nur gelesen)</translation>
    </message>
    <message>
        <source>Open &amp;workspace...</source>
        <translation>&amp;Arbeitsbereich öffnen...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open a workspace (a folder with scores.csv)</source>
        <translation>Einen Arbeitsbereich öffnen (ein Ordner mit scores.csv)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open the &amp;demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Load &amp;backbone...</source>
        <translation>&amp;Backbone laden...</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>Load minority &amp;classifier...</source>
        <translation>Minderheits&amp;klassifikator laden...</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Load &amp;feature network (ResNet-50)...</source>
        <translation>&amp;Merkmalsnetz laden (ResNet-50)...</translation>
    </message>
    <message>
        <source>torchvision ResNet-50 weights</source>
        <translation>torchvision-ResNet-50-Gewichte</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors)</source>
        <translation>Checkpoints (*.pt *.pth *.safetensors)</translation>
    </message>
    <message>
        <source>Feature network</source>
        <translation>Merkmalsnetz</translation>
    </message>
    <message>
        <source>&amp;Export ranked gallery...</source>
        <translation>Galerie-Rangliste &amp;exportieren...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Save samples...</source>
        <translation>Samples &amp;speichern...</translation>
    </message>
    <message>
        <source>Save the samples into</source>
        <translation>Samples speichern in</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>&amp;Score the dataset...</source>
        <translation>Datensatz &amp;bewerten...</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Minority &amp;classes...</source>
        <translation>Minderheits&amp;klassen...</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Generate samples</source>
        <translation>Samples &amp;erzeugen</translation>
    </message>
    <message>
        <source>S&amp;weep classes x scales</source>
        <translation>Klassen x Skalen &amp;durchlaufen</translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Cancel &amp;all jobs</source>
        <translation>&amp;Alle Aufträge abbrechen</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>Tag as &amp;rare</source>
        <translation>Als &amp;selten markieren</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Tag as &amp;artifact</source>
        <translation>Als &amp;Artefakt markieren</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Tag for re&amp;view later</source>
        <translation>Für spätere &amp;Prüfung markieren</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>&amp;Clear tags</source>
        <translation>Markierungen &amp;entfernen</translation>
    </message>
    <message>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <source>Re&amp;verse the order</source>
        <translation>Reihenfolge &amp;umkehren</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Clear the &amp;filters</source>
        <translation>&amp;Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>&amp;Find by path</source>
        <translation>Nach Pfad &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Larger thumbnails</source>
        <translation>&amp;Größere Vorschaubilder</translation>
    </message>
    <message>
        <source>&amp;Smaller thumbnails</source>
        <translation>&amp;Kleinere Vorschaubilder</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Shift+?</source>
        <translation>Shift+?</translation>
    </message>
    <message>
        <source>&amp;About MinorityLens</source>
        <translation>&amp;Über MinorityLens</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 - MinorityLens</source>
        <translation>%1 - MinorityLens</translation>
    </message>
    <message>
        <source>The minority classifier cannot be read: %1</source>
        <translation>Der Minderheitsklassifikator kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 (workspace)</source>
        <translation>%1 (Arbeitsbereich)</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) tagged</source>
        <translation>
            <numerusform>%n Bild markiert</numerusform>
            <numerusform>%n Bilder markiert</numerusform>
        </translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>Kein Datensatz geöffnet</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scored</source>
        <translation>
            <numerusform>%n bewertet</numerusform>
            <numerusform>%n bewertet</numerusform>
        </translation>
    </message>
    <message>
        <source>not scored yet (Run &gt; Score)</source>
        <translation>noch nicht bewertet (Ausführen &gt; Bewerten)</translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>%n Klasse</numerusform>
            <numerusform>%n Klassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable</source>
        <translation>
            <numerusform>%n unlesbar</numerusform>
            <numerusform>%n unlesbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other entries skipped</source>
        <translation>
            <numerusform>%n anderer Eintrag übersprungen</numerusform>
            <numerusform>%n andere Einträge übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit MinorityLens</source>
        <translation>MinorityLens beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel and quit? Scores and checkpoints so far are kept.</source>
        <translation>
            <numerusform>%n Auftrag läuft noch. Abbrechen und beenden? Bisherige Scores und Checkpoints bleiben erhalten.</numerusform>
            <numerusform>%n Aufträge laufen noch. Abbrechen und beenden? Bisherige Scores und Checkpoints bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backbone (guided-diffusion UNet)</source>
        <translation>Backbone (guided-diffusion-UNet)</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors);;All files (*)</source>
        <translation>Checkpoints (*.pt *.pth *.safetensors);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Backbone</translation>
    </message>
    <message>
        <source>No dataset</source>
        <translation>Kein Datensatz</translation>
    </message>
    <message>
        <source>Open a dataset folder first: the backbone is remembered per dataset.</source>
        <translation>Öffnen Sie zuerst einen Datensatzordner: das Backbone wird pro Datensatz gespeichert.</translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation>Backbone: %1</translation>
    </message>
    <message>
        <source>Minority classifier (EncoderUNetModel)</source>
        <translation>Minderheitsklassifikator (EncoderUNetModel)</translation>
    </message>
    <message>
        <source>Minority classifier</source>
        <translation>Minderheitsklassifikator</translation>
    </message>
    <message>
        <source>Open a dataset folder first: the classifier is remembered per dataset.</source>
        <translation>Öffnen Sie zuerst einen Datensatzordner: der Klassifikator wird pro Datensatz gespeichert.</translation>
    </message>
    <message>
        <source>Open a dataset folder first (File &gt; Open dataset folder).</source>
        <translation>Öffnen Sie zuerst einen Datensatzordner (Datei &gt; Datensatzordner öffnen).</translation>
    </message>
    <message>
        <source>Scoring %1</source>
        <translation>Bewerte %1</translation>
    </message>
    <message>
        <source>Scored %1 images (%2 reused from the cache, %3 unreadable, %4 other entries skipped) in %5 s</source>
        <translation>%1 Bilder bewertet (%2 aus dem Cache, %3 unlesbar, %4 andere Einträge übersprungen) in %5 s</translation>
    </message>
    <message>
        <source>Scoring failed</source>
        <translation>Bewertung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>Nicht bewertet</translation>
    </message>
    <message>
        <source>Score the dataset first (Run &gt; Score the dataset).</source>
        <translation>Bewerten Sie zuerst den Datensatz (Ausführen &gt; Datensatz bewerten).</translation>
    </message>
    <message>
        <source>Minority classes</source>
        <translation>Minderheitsklassen</translation>
    </message>
    <message>
        <source>%1 classes of about %2 images each</source>
        <translation>%1 Klassen mit je etwa %2 Bildern</translation>
    </message>
    <message>
        <source>Classes failed</source>
        <translation>Klassenbildung fehlgeschlagen</translation>
    </message>
    <message>
        <source>No classes</source>
        <translation>Keine Klassen</translation>
    </message>
    <message>
        <source>Score the dataset and build minority classes first.</source>
        <translation>Bewerten Sie zuerst den Datensatz und bilden Sie Minderheitsklassen.</translation>
    </message>
    <message>
        <source>Cannot resume</source>
        <translation>Fortsetzen nicht möglich</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>Training fortsetzen</translation>
    </message>
    <message>
        <source>%1 of %2 steps done. Train until step:</source>
        <translation>%1 von %2 Schritten erledigt. Trainieren bis Schritt:</translation>
    </message>
    <message>
        <source>Resuming classifier training</source>
        <translation>Klassifikatortraining wird fortgesetzt</translation>
    </message>
    <message>
        <source>Training the minority classifier</source>
        <translation>Minderheitsklassifikator wird trainiert</translation>
    </message>
    <message>
        <source>Classifier trained: %1 steps, validation top-1 %2 %</source>
        <translation>Klassifikator trainiert: %1 Schritte, Validierung Top-1 %2 %</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <source>Training cancelled; its checkpoint is kept (Resume continues it).</source>
        <translation>Training abgebrochen; sein Checkpoint bleibt erhalten (Fortsetzen macht dort weiter).</translation>
    </message>
    <message>
        <source>Open a dataset or the demo first.</source>
        <translation>Öffnen Sie zuerst einen Datensatz oder die Demo.</translation>
    </message>
    <message>
        <source>No samples</source>
        <translation>Keine Samples</translation>
    </message>
    <message>
        <source>Generate samples first (Sampling tab): baseline and guided sets are compared with the real images.</source>
        <translation>Erzeugen Sie zuerst Samples (Reiter Sampling): ungelenkte und gelenkte Samples werden mit den echten Bildern verglichen.</translation>
    </message>
    <message>
        <source>Evaluating samples</source>
        <translation>Samples werden ausgewertet</translation>
    </message>
    <message>
        <source>Evaluation written to %1</source>
        <translation>Auswertung geschrieben nach %1</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>Auswertung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>Öffnen Sie zuerst einen Datensatz.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n image(s) to %1</source>
        <translation>
            <numerusform>%n Bild nach %1 exportiert</numerusform>
            <numerusform>%n Bilder nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n unreadable skipped)</source>
        <translation>
            <numerusform> (%n unlesbares übersprungen)</numerusform>
            <numerusform> (%n unlesbare übersprungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>No demo backbone</source>
        <translation>Kein Demo-Backbone</translation>
    </message>
    <message>
        <source>The bundled phantom backbone is not installed (set MLENS_DEMO_BACKBONE).</source>
        <translation>Das mitgelieferte Phantom-Backbone ist nicht installiert (MLENS_DEMO_BACKBONE setzen).</translation>
    </message>
    <message>
        <source>Running the demo: phantoms, scores, classes, classifier, samples (about 10 minutes on 2 cores)</source>
        <translation>Demo läuft: Phantome, Scores, Klassen, Klassifikator, Samples (etwa 10 Minuten auf 2 Kernen)</translation>
    </message>
    <message>
        <source>Demo on synthetic brain slices</source>
        <translation>Demo mit synthetischen Hirnschnitten</translation>
    </message>
    <message>
        <source>Demo: AUROC %1; rare-looking samples %2 % baseline vs %3 % guided</source>
        <translation>Demo: AUROC %1; selten wirkende Samples %2 % ungelenkt gegenüber %3 % gelenkt</translation>
    </message>
    <message>
        <source>The demo failed</source>
        <translation>Die Demo ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>About MinorityLens</source>
        <translation>Über MinorityLens</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MinorityLens %1&lt;/h3&gt;&lt;p&gt;Find and generate minority images: rank a dataset by minority score, train a minority classifier, and sample with minority guidance.&lt;/p&gt;&lt;p&gt;Um &amp;amp; Ye, &lt;i&gt;Don&apos;t Play Favorites: Minority Guidance for Diffusion Models&lt;/i&gt; (ICLR 2024).&lt;/p&gt;&lt;p&gt;&lt;small&gt;Qt %2 | %3 | OpenCV %4 | QCustomPlot %5 | spdlog %6.%7.%8&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MinorityLens %1&lt;/h3&gt;&lt;p&gt;Minderheitsbilder finden und erzeugen: einen Datensatz nach Minderheits-Score ordnen, einen Minderheitsklassifikator trainieren und mit Minderheitsführung samplen.&lt;/p&gt;&lt;p&gt;Um &amp;amp; Ye, &lt;i&gt;Don&apos;t Play Favorites: Minority Guidance for Diffusion Models&lt;/i&gt; (ICLR 2024).&lt;/p&gt;&lt;p&gt;&lt;small&gt;Qt %2 | %3 | OpenCV %4 | QCustomPlot %5 | spdlog %6.%7.%8&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>Be&amp;fundung</translation>
    </message>
    <message>
        <source>Grading failed</source>
        <translation>Bewertung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot save the tag or note</source>
        <translation>Markierung oder Notiz kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Open a &amp;scan or array file...</source>
        <translation>&amp;Scan- oder Array-Datei öffnen...</translation>
    </message>
    <message>
        <source>Ctrl+Alt+O</source>
        <translation>Ctrl+Alt+O</translation>
    </message>
    <message>
        <source>Open a scan (NIfTI, DICOM) or an IDX array (it is only ever read)</source>
        <translation>Einen Scan (NIfTI, DICOM) oder ein IDX-Array öffnen (es wird nur gelesen)</translation>
    </message>
    <message>
        <source>Scans and arrays (*.nii *.nii.gz *.dcm *.dicom *-idx3-ubyte *-idx3-ubyte.gz);;All files (*)</source>
        <translation>Scans und Arrays (*.nii *.nii.gz *.dcm *.dicom *-idx3-ubyte *-idx3-ubyte.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Previous slice of the volume</source>
        <translation>&amp;Vorherige Schicht des Volumens</translation>
    </message>
    <message>
        <source>[</source>
        <translation>[</translation>
    </message>
    <message>
        <source>&amp;Next slice of the volume</source>
        <translation>&amp;Nächste Schicht des Volumens</translation>
    </message>
    <message>
        <source>]</source>
        <translation>]</translation>
    </message>
    <message>
        <source>Not a slice of a volume</source>
        <translation>Keine Schicht eines Volumens</translation>
    </message>
    <message>
        <source>No further slice</source>
        <translation>Keine weitere Schicht</translation>
    </message>
    <message>
        <source>Exporting to %1</source>
        <translation>Export nach %1</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n ausgewählt</numerusform>
            <numerusform>%n ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo is running (see Jobs): it makes synthetic brain slices, scores them, trains a classifier and samples. The gallery fills when it is done.</source>
        <translation>Die Demo läuft (siehe Aufträge): Sie erzeugt synthetische Hirnschnitte, bewertet sie, trainiert einen Klassifikator und erzeugt Stichproben. Die Galerie füllt sich, wenn sie fertig ist.</translation>
    </message>
    <message>
        <source>No dataset open.

File &gt; Open dataset folder (Ctrl+O), drop a folder of images or scans here, or File &gt; Open the demo.</source>
        <translation>Kein Datensatz geöffnet.

Datei &gt; Datensatzordner öffnen (Strg+O), einen Ordner mit Bildern oder Aufnahmen hierher ziehen oder Datei &gt; Demo öffnen.</translation>
    </message>
    <message>
        <source>This folder holds no image or scan MinorityLens can read (PNG, JPEG, BMP, TIFF, NIfTI, DICOM). Open another folder.</source>
        <translation>Dieser Ordner enthält kein Bild und keine Aufnahme, die MinorityLens lesen kann (PNG, JPEG, BMP, TIFF, NIfTI, DICOM). Öffnen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>No image matches the filters. Widen the score range, or clear the class, tag and text filters.</source>
        <translation>Kein Bild passt zu den Filtern. Erweitern Sie den Wertebereich oder leeren Sie die Klassen-, Markierungs- und Textfilter.</translation>
    </message>
    <message>
        <source>Reading the saved samples</source>
        <translation>Gespeicherte Samples lesen</translation>
    </message>
    <message>
        <source>Saved samples not shown: %1</source>
        <translation>Gespeicherte Samples nicht gezeigt: %1</translation>
    </message>
    <message>
        <source>t = %1, chosen by agreement with AvgkNN (%2).</source>
        <translation>t = %1, gewählt nach Übereinstimmung mit AvgkNN (%2).</translation>
    </message>
</context>
<context>
    <name>mlens::app::ScoreDialog</name>
    <message>
        <source>Score the dataset</source>
        <translation>Datensatz bewerten</translation>
    </message>
    <message>
        <source>The minority score of an image is the mean distance between it and the backbone&apos;s one-shot reconstruction from a noised copy. Higher is rarer.</source>
        <translation>Der Minderheits-Score eines Bildes ist der mittlere Abstand zwischen dem Bild und der einstufigen Rekonstruktion des Backbones aus einer verrauschten Kopie. Höher heißt seltener.</translation>
    </message>
    <message>
        <source>L2 (squared error)</source>
        <translation>L2 (quadratischer Fehler)</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>1 - SSIM</source>
        <translation>1 - SSIM</translation>
    </message>
    <message>
        <source>LPIPS-VGG (official; needs weights)</source>
        <translation>LPIPS-VGG (offiziell; braucht Gewichte)</translation>
    </message>
    <message>
        <source>LPIPS-AlexNet (needs weights)</source>
        <translation>LPIPS-AlexNet (braucht Gewichte)</translation>
    </message>
    <message>
        <source>&amp;Distance</source>
        <translation>&amp;Abstand</translation>
    </message>
    <message>
        <source>LPIPS &amp;trunk</source>
        <translation>LPIPS-&amp;Rumpf</translation>
    </message>
    <message>
        <source>torchvision VGG16 or AlexNet weights</source>
        <translation>torchvision-Gewichte für VGG16 oder AlexNet</translation>
    </message>
    <message>
        <source>LPIPS &amp;heads</source>
        <translation>LPIPS-&amp;Köpfe</translation>
    </message>
    <message>
        <source>LPIPS v0.1 linear heads (vgg.pth / alex.pth)</source>
        <translation>Lineare LPIPS-v0.1-Köpfe (vgg.pth / alex.pth)</translation>
    </message>
    <message>
        <source>D&amp;raws per image</source>
        <translation>Zie&amp;hungen pro Bild</translation>
    </message>
    <message>
        <source>Perturbation &amp;step t</source>
        <translation>Störungs&amp;schritt t</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>&amp;Stapel</translation>
    </message>
    <message>
        <source>Also write the &quot;why rare&quot; maps and reconstructions</source>
        <translation>Auch die „Warum selten“-Karten und Rekonstruktionen schreiben</translation>
    </message>
    <message>
        <source>Model &amp;configuration</source>
        <translation>Modell&amp;konfiguration</translation>
    </message>
    <message>
        <source>guided-diffusion model configuration (JSON)</source>
        <translation>guided-diffusion-Modellkonfiguration (JSON)</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>from the checkpoint, a JSON beside it, or inferred</source>
        <translation>aus dem Checkpoint, einer JSON daneben, oder erschlossen</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Subfolder names</source>
        <translation>Namen der Unterordner</translation>
    </message>
    <message>
        <source>A CSV file (item,label)</source>
        <translation>Eine CSV-Datei (Eintrag,Label)</translation>
    </message>
    <message>
        <source>Dataset &amp;labels</source>
        <translation>&amp;Labels des Datensatzes</translation>
    </message>
    <message>
        <source>Labels &amp;CSV</source>
        <translation>Labels-&amp;CSV</translation>
    </message>
    <message>
        <source>Labels: lines &quot;item,label&quot;</source>
        <translation>Labels: Zeilen &quot;Eintrag,Label&quot;</translation>
    </message>
    <message>
        <source>CSV (*.csv);;All files (*)</source>
        <translation>CSV (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Official (t = 605 for linear schedules, 0.9 T for cosine)</source>
        <translation>Offiziell (t = 605 für lineare Zeitpläne, 0,9 T für Kosinus)</translation>
    </message>
    <message>
        <source>Chosen for this dataset (agreement with AvgkNN on a subset)</source>
        <translation>Für diesen Datensatz gewählt (Übereinstimmung mit AvgkNN auf einer Teilmenge)</translation>
    </message>
    <message>
        <source>Fixed step</source>
        <translation>Fester Schritt</translation>
    </message>
    <message>
        <source>&amp;Noise level</source>
        <translation>Rausch&amp;niveau</translation>
    </message>
    <message>
        <source> images</source>
        <translation> Bilder</translation>
    </message>
    <message>
        <source>Calibration s&amp;ubset</source>
        <translation>Kalibrierungs-&amp;Teilmenge</translation>
    </message>
</context>
<context>
    <name>mlens::app::ShortcutOverlay</name>
    <message>
        <source>Keyboard shortcuts (any key closes)</source>
        <translation>Tastenkürzel (eine beliebige Taste schließt)</translation>
    </message>
</context>
<context>
    <name>mlens::app::TrainDialog</name>
    <message>
        <source>Train the minority classifier</source>
        <translation>Minderheitsklassifikator trainieren</translation>
    </message>
    <message>
        <source>The official recipe: AdamW, weight decay 0.05, learning rate annealed to 0, t uniform, random flips, a stratified 5 % validation split.</source>
        <translation>Das offizielle Rezept: AdamW, Weight Decay 0,05, Lernrate linear auf 0, t gleichverteilt, zufällige Spiegelungen, ein stratifizierter Validierungsanteil von 5 %.</translation>
    </message>
    <message>
        <source>&amp;Iterations</source>
        <translation>&amp;Iterationen</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>&amp;Stapelgröße</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>&amp;Lernrate</translation>
    </message>
    <message>
        <source>&amp;Validate every</source>
        <translation>&amp;Validieren alle</translation>
    </message>
    <message>
        <source>Random horizontal flips</source>
        <translation>Zufällige horizontale Spiegelungen</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ClassFilter</name>
    <message>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <source>Show only the checked minority classes (Space or click toggles; none checked shows all)</source>
        <translation>Nur die angehakten Minderheitsklassen zeigen (Leertaste oder Klick schaltet um; keine angehakt zeigt alle)</translation>
    </message>
    <message>
        <source>Class %1 (rarest)</source>
        <translation>Klasse %1 (seltenste)</translation>
    </message>
    <message>
        <source>Class %1 (most common)</source>
        <translation>Klasse %1 (häufigste)</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n image(s)</source>
        <translation>
            <numerusform>%1: %n Bild</numerusform>
            <numerusform>%1: %n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>No classes yet</source>
        <translation>Noch keine Klassen</translation>
    </message>
    <message>
        <source>Classes %1 (%2)</source>
        <translation>Klassen %1 (%2)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::DensityPanel</name>
    <message>
        <source>LOF</source>
        <translation>LOF</translation>
    </message>
    <message>
        <source>AvgkNN</source>
        <translation>AvgkNN</translation>
    </message>
    <message>
        <source>Minority score</source>
        <translation>Minderheits-Score</translation>
    </message>
    <message>
        <source>density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>&amp;Export plot...</source>
        <translation>Diagramm &amp;exportieren...</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation>Diagramm exportiert nach %1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>No evaluation yet. Run &gt; Evaluate compares generated samples with the dataset.</source>
        <translation>Noch keine Auswertung. Ausführen &gt; Auswerten vergleicht erzeugte Samples mit dem Datensatz.</translation>
    </message>
    <message>
        <source>Features: %1. AvgkNN k=%2, LOF k=%3, rarity k=%4, precision/recall k=%5.</source>
        <translation>Merkmale: %1. AvgkNN k=%2, LOF k=%3, Rarity k=%4, Precision/Recall k=%5.</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: precision %2, recall %3, LOF above the real 90th percentile %4 %</source>
        <translation>&lt;br&gt;%1: Precision %2, Recall %3, LOF über dem 90. Perzentil der echten Bilder %4 %</translation>
    </message>
    <message>
        <source>Fewer than %1 samples in %2: their densities are only a guide (dashed), the ticks below them show each value.</source>
        <translation>Weniger als %1 Stichproben in %2: ihre Dichten sind nur ein Anhaltspunkt (gestrichelt), die Striche darunter zeigen jeden Wert.</translation>
    </message>
    <message>
        <source>%1 (n=%2, too few for a density)</source>
        <translation>%1 (n=%2, zu wenige für eine Dichte)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::DetailPanel</name>
    <message>
        <source>The one-shot Tweedie reconstruction from x_t: what the model expected to see</source>
        <translation>Die einstufige Tweedie-Rekonstruktion aus x_t: was das Modell zu sehen erwartete</translation>
    </message>
    <message>
        <source>Why rare (&amp;heat map)</source>
        <translation>Warum selten (&amp;Heatmap)</translation>
    </message>
    <message>
        <source>Per-pixel distance between the image and its reconstruction (score --spatial-maps)</source>
        <translation>Abstand pro Pixel zwischen Bild und Rekonstruktion (score --spatial-maps)</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>Deckkraft der Überlagerung</translation>
    </message>
    <message>
        <source>&amp;Reconstruction</source>
        <translation>&amp;Rekonstruktion</translation>
    </message>
    <message>
        <source>Rare</source>
        <translation>Selten</translation>
    </message>
    <message>
        <source>Tag as a genuine rare case (R)</source>
        <translation>Als echten seltenen Fall markieren (R)</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Artefakt</translation>
    </message>
    <message>
        <source>Tag as an artifact or corrupt image (A)</source>
        <translation>Als Artefakt oder beschädigtes Bild markieren (A)</translation>
    </message>
    <message>
        <source>Review later</source>
        <translation>Später prüfen</translation>
    </message>
    <message>
        <source>Tag for a later look (V)</source>
        <translation>Für einen späteren Blick markieren (V)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Window: level %1, width %2</source>
        <translation>Fenster: Niveau %1, Breite %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Minority score &lt;b&gt;%1&lt;/b&gt;, rank %2</source>
        <translation>&lt;br&gt;Minderheits-Score &lt;b&gt;%1&lt;/b&gt;, Rang %2</translation>
    </message>
    <message>
        <source>, class %1 of %2</source>
        <translation>, Klasse %1 von %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Per draw: %1</source>
        <translation>&lt;br&gt;Pro Ziehung: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Not scored yet</source>
        <translation>&lt;br&gt;Noch nicht bewertet</translation>
    </message>
    <message>
        <source>&lt;br&gt;Label: %1</source>
        <translation>&lt;br&gt;Label: %1</translation>
    </message>
    <message>
        <source>Select an image in the gallery.</source>
        <translation>Wählen Sie ein Bild in der Galerie.</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1 x %2 pixels, %3, %4 channel(s)</source>
        <translation>&lt;br&gt;%1 x %2 Pixel, %3, %4 Kanal/Kanäle</translation>
    </message>
    <message>
        <source>physical values</source>
        <translation>physikalische Werte</translation>
    </message>
    <message>
        <source>16 bit</source>
        <translation>16 Bit</translation>
    </message>
    <message>
        <source>8 bit</source>
        <translation>8 Bit</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;This image cannot be read: %1&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;Dieses Bild kann nicht gelesen werden: %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Blinded: scores, ranks and classes are hidden</source>
        <translation>&lt;br&gt;Verblindet: Scores, Ränge und Klassen sind verborgen</translation>
    </message>
    <message>
        <source>This image cannot be read: %1</source>
        <translation>Dieses Bild kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&amp;Window</source>
        <translation>&amp;Fenster</translation>
    </message>
    <message>
        <source>Back to the window the image is scored with (double-click the image does the same); the arrow offers the file&apos;s own windows, the full range and percentile windows</source>
        <translation>Zurück zum Fenster, mit dem das Bild bewertet wird (Doppelklick ins Bild tut dasselbe); der Pfeil bietet die Fenster der Datei, den vollen Bereich und Perzentil-Fenster</translation>
    </message>
    <message>
        <source>level %1, width %2</source>
        <translation>Niveau %1, Breite %2</translation>
    </message>
    <message>
        <source>As scored (%1)</source>
        <translation>Wie bewertet (%1)</translation>
    </message>
    <message>
        <source>The file&apos;s window (%1)</source>
        <translation>Fenster der Datei (%1)</translation>
    </message>
    <message>
        <source>The file&apos;s %1 window (%2)</source>
        <translation>Fenster „%1“ der Datei (%2)</translation>
    </message>
    <message>
        <source>Full range (%1 to %2)</source>
        <translation>Voller Bereich (%1 bis %2)</translation>
    </message>
    <message>
        <source>%1 to %2 % of the pixel values (%3)</source>
        <translation>%1 bis %2 % der Pixelwerte (%3)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::GalleryDelegate</name>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::GalleryModel</name>
    <message>
        <source>%1
minority score %2 (rank %3)%4</source>
        <translation>%1
Minderheits-Score %2 (Rang %3)%4</translation>
    </message>
    <message>
        <source>, class %1</source>
        <translation>, Klasse %1</translation>
    </message>
    <message>
        <source>%1
cannot be read: %2</source>
        <translation>%1
kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ImageCanvas</name>
    <message>
        <source>Wheel: zoom - left drag: pan - right drag: window (horizontal) and level (vertical) - double-click: reset</source>
        <translation>Mausrad: Zoom - Ziehen links: Verschieben - Ziehen rechts: Fensterbreite (horizontal) und Niveau (vertikal) - Doppelklick: Zurücksetzen</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>Kein Bild ausgewählt</translation>
    </message>
    <message>
        <source>R %1 G %2 B %3</source>
        <translation>R %1 G %2 B %3</translation>
    </message>
    <message>
        <source>x %1, y %2: %3</source>
        <translation>x %1, y %2: %3</translation>
    </message>
    <message>
        <source>zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <source>W %1 L %2</source>
        <translation>B %1 N %2</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ImageGrid</name>
    <message>
        <source>Nothing sampled yet</source>
        <translation>Noch nichts gesampelt</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::JobRunner</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::JobsPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>No jobs yet. Scoring, training, sampling, evaluation and exports run here in the background, with progress, time left and a cancel button.</source>
        <translation>Noch keine Aufträge. Bewertung, Training, Sampling, Auswertung und Exporte laufen hier im Hintergrund, mit Fortschritt, Restzeit und Abbrechen-Knopf.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n Auftrag läuft</numerusform>
            <numerusform>%n Aufträge laufen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ReviewPanel</name>
    <message>
        <source>your name or initials</source>
        <translation>Ihr Name oder Kürzel</translation>
    </message>
    <message>
        <source>Re&amp;viewer</source>
        <translation>Be&amp;funder</translation>
    </message>
    <message>
        <source>&amp;Blinded: hide scores, ranks and classes, shuffle the order</source>
        <translation>&amp;Verblindet: Scores, Ränge und Klassen verbergen, Reihenfolge mischen</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>1 normal - 2 probably normal - 3 uncertain - 4 probably abnormal - 5 clearly abnormal</source>
        <translation>1 normal - 2 wahrscheinlich normal - 3 unsicher - 4 wahrscheinlich auffällig - 5 eindeutig auffällig</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>Bearbeiten...</translation>
    </message>
    <message>
        <source>&amp;Finding</source>
        <translation>&amp;Befund</translation>
    </message>
    <message>
        <source>Ar&amp;tifact</source>
        <translation>Ar&amp;tefakt</translation>
    </message>
    <message>
        <source>a note (Enter keeps it)</source>
        <translation>eine Notiz (Eingabe speichert sie)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notiz</translation>
    </message>
    <message>
        <source>&lt; Previous</source>
        <translation>&lt; Zurück</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Weiter &gt;</translation>
    </message>
    <message>
        <source>Next ungraded</source>
        <translation>Nächstes unbewertetes</translation>
    </message>
    <message>
        <source>Keys: 1-5 grade and go on, 0 clear, Right / Space next, Left previous, U next ungraded, F finding, T artifact, N note</source>
        <translation>Tasten: 1-5 bewerten und weiter, 0 löschen, Rechts / Leertaste weiter, Links zurück, U nächstes unbewertetes, F Befund, T Artefakt, N Notiz</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>One finding per line:</source>
        <translation>Ein Befund pro Zeile:</translation>
    </message>
    <message>
        <source>(no finding)</source>
        <translation>(kein Befund)</translation>
    </message>
    <message>
        <source>No images to review: open a dataset (and clear the gallery&apos;s filters).</source>
        <translation>Keine Bilder zu befunden: Öffnen Sie einen Datensatz (und entfernen Sie die Filter der Galerie).</translation>
    </message>
    <message>
        <source>This image cannot be read: %1</source>
        <translation>Dieses Bild kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Minority score %1, rank %2</source>
        <translation>&lt;br&gt;Minority-Score %1, Rang %2</translation>
    </message>
    <message>
        <source>, class %1</source>
        <translation>, Klasse %1</translation>
    </message>
    <message>
        <source>Open a dataset to review its images.</source>
        <translation>Öffnen Sie einen Datensatz, um seine Bilder zu befunden.</translation>
    </message>
    <message numerus="yes">
        <source>Enter your name to start grading (%n image(s) to review).</source>
        <translation>
            <numerusform>Geben Sie Ihren Namen ein, um zu bewerten (%n Bild zu befunden).</numerusform>
            <numerusform>Geben Sie Ihren Namen ein, um zu bewerten (%n Bilder zu befunden).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 graded - image %3</source>
        <translation>%1 von %2 bewertet - Bild %3</translation>
    </message>
    <message>
        <source>Enter your name first: grades are kept per reviewer.</source>
        <translation>Geben Sie zuerst Ihren Namen ein: Bewertungen werden je Befunder gespeichert.</translation>
    </message>
    <message>
        <source>Every image is graded (%1 of %1).</source>
        <translation>Jedes Bild ist bewertet (%1 von %1).</translation>
    </message>
    <message>
        <source>&amp;Blinded</source>
        <translation>&amp;Verblindet</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SampleLightbox</name>
    <message>
        <source>Sample</source>
        <translation>Stichprobe</translation>
    </message>
    <message>
        <source>Baseline (w = 0)</source>
        <translation>Basis (w = 0)</translation>
    </message>
    <message>
        <source>Minority guidance</source>
        <translation>Minderheitsführung</translation>
    </message>
    <message>
        <source>&lt; &amp;Previous</source>
        <translation>&lt; &amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Weiter &gt;</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SamplingPanel</name>
    <message>
        <source>Target &amp;class</source>
        <translation>Ziel&amp;klasse</translation>
    </message>
    <message>
        <source>Minority class l~ to guide towards: 0 is the most common, the last the rarest</source>
        <translation>Minderheitsklasse l~, zu der gelenkt wird: 0 ist die häufigste, die letzte die seltenste</translation>
    </message>
    <message>
        <source>&amp;Scale w</source>
        <translation>&amp;Skala w</translation>
    </message>
    <message>
        <source>Guidance strength; 0 gives the baseline</source>
        <translation>Stärke der Führung; 0 ergibt die ungelenkte Basis</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Keep the seed between runs, so that only the guidance changes</source>
        <translation>Den Seed zwischen Läufen behalten, damit sich nur die Führung ändert</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>S&amp;eed</translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation>S&amp;chritte</translation>
    </message>
    <message>
        <source>DDPM (ancestral)</source>
        <translation>DDPM (ancestral)</translation>
    </message>
    <message>
        <source>DDIM (eta 0)</source>
        <translation>DDIM (eta 0)</translation>
    </message>
    <message>
        <source>Sa&amp;mpler</source>
        <translation>Sa&amp;mpler</translation>
    </message>
    <message>
        <source>Sam&amp;ples</source>
        <translation>Sam&amp;ples</translation>
    </message>
    <message>
        <source>Regenerate when a value changes</source>
        <translation>Neu erzeugen, wenn sich ein Wert ändert</translation>
    </message>
    <message>
        <source>&amp;Difference map (|guided - baseline|)</source>
        <translation>&amp;Differenzkarte (|gelenkt - Basis|)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Sa&amp;ve samples...</source>
        <translation>Samples spei&amp;chern...</translation>
    </message>
    <message>
        <source>Baseline (w = 0)</source>
        <translation>Basis (w = 0)</translation>
    </message>
    <message>
        <source>Minority guidance</source>
        <translation>Minderheitsführung</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Durchlauf</translation>
    </message>
    <message>
        <source>Save the samples into</source>
        <translation>Samples speichern in</translation>
    </message>
    <message>
        <source>Load a backbone (File &gt; Load backbone) to sample.</source>
        <translation>Laden Sie ein Backbone (Datei &gt; Backbone laden), um zu samplen.</translation>
    </message>
    <message>
        <source>Classes 0 (common) .. %1 (rarest).</source>
        <translation>Klassen 0 (häufig) .. %1 (seltenste).</translation>
    </message>
    <message>
        <source>No minority classifier yet: unguided samples only.</source>
        <translation>Noch kein Minderheitsklassifikator: nur ungelenkte Samples.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Samples</translation>
    </message>
    <message>
        <source>Guided: step %1 of %2</source>
        <translation>Gelenkt: Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Baseline: step %1 of %2</source>
        <translation>Basis: Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Sampling...</source>
        <translation>Sampling läuft...</translation>
    </message>
    <message>
        <source>Sampling (class %1, w = %2)</source>
        <translation>Sampling (Klasse %1, w = %2)</translation>
    </message>
    <message>
        <source>Sampling failed: %1</source>
        <translation>Sampling fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) in %1 s (%2 s per image) on %3</source>
        <translation>
            <numerusform>%n Sample in %1 s (%2 s pro Bild) auf %3</numerusform>
            <numerusform>%n Samples in %1 s (%2 s pro Bild) auf %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Minority guidance (class %1, w = %2)</source>
        <translation>Minderheitsführung (Klasse %1, w = %2)</translation>
    </message>
    <message>
        <source>|guided - baseline|</source>
        <translation>|gelenkt - Basis|</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>Sweep (%1 x %2)</source>
        <translation>Durchlauf (%1 x %2)</translation>
    </message>
    <message>
        <source>Sweep failed: %1</source>
        <translation>Durchlauf fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n sample(s) to %1</source>
        <translation>
            <numerusform>%n Sample nach %1 gespeichert</numerusform>
            <numerusform>%n Samples nach %1 gespeichert</numerusform>
        </translation>
    </message>
    <message>
        <source>Sampling failed</source>
        <translation>Sampling fehlgeschlagen</translation>
    </message>
    <message>
        <source>Sweep failed</source>
        <translation>Durchlauf fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Saving %n sample(s)</source>
        <translation>
            <numerusform>Speichere %n Sample</numerusform>
            <numerusform>Speichere %n Samples</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Saving samples failed</source>
        <translation>Speichern der Samples fehlgeschlagen</translation>
    </message>
    <message>
        <source>Minority guidance (class %1, w = %2), updating to class %3, w = %4</source>
        <translation>Minderheitsführung (Klasse %1, w = %2), wird aktualisiert auf Klasse %3, w = %4</translation>
    </message>
    <message>
        <source>grey levels</source>
        <translation>Graustufen</translation>
    </message>
    <message>
        <source>Sample %1 of %2, noise seed %3</source>
        <translation>Stichprobe %1 von %2, Rausch-Seed %3</translation>
    </message>
    <message>
        <source>Target class %1, scale w = %2</source>
        <translation>Zielklasse %1, Stärke w = %2</translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation>%1, %2 Schritte</translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation>Backbone: %1</translation>
    </message>
    <message>
        <source>Classifier: %1</source>
        <translation>Klassifikator: %1</translation>
    </message>
    <message>
        <source>Sampling the backbone alone (no classifier)</source>
        <translation>Sampling nur mit dem Backbone (kein Klassifikator)</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) saved earlier in %1</source>
        <translation>
            <numerusform>%n früher gespeichertes Sample in %1</numerusform>
            <numerusform>%n früher gespeicherte Samples in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;weep classes x scales...</source>
        <translation>D&amp;urchlauf Klassen x Stärken...</translation>
    </message>
    <message>
        <source>Save the sweep grid</source>
        <translation>Durchlauf-Raster speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message numerus="yes">
        <source>Sweep: seed %1, %n sample(s) per cell</source>
        <translation>
            <numerusform>Durchlauf: Seed %1, %n Sample pro Zelle</numerusform>
            <numerusform>Durchlauf: Seed %1, %n Samples pro Zelle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sweep done: %n sampling run(s).</source>
        <translation>
            <numerusform>Durchlauf fertig: %n Sampling-Lauf.</numerusform>
            <numerusform>Durchlauf fertig: %n Sampling-Läufe.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving the sweep grid</source>
        <translation>Durchlauf-Raster wird gespeichert</translation>
    </message>
    <message>
        <source>Saved the sweep grid to %1</source>
        <translation>Durchlauf-Raster nach %1 gespeichert</translation>
    </message>
    <message>
        <source>Saving the sweep grid failed</source>
        <translation>Speichern des Durchlauf-Rasters fehlgeschlagen</translation>
    </message>
    <message>
        <source>Save sweep gr&amp;id...</source>
        <translation>Durchlauf-Raster spe&amp;ichern...</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ScoreHistogram</name>
    <message>
        <source>minority score</source>
        <translation>Minderheits-Score</translation>
    </message>
    <message>
        <source>images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Click a bar or drag across bars to show only that score range; double-click or Esc shows all</source>
        <translation>Klicken Sie auf einen Balken oder ziehen Sie über Balken, um nur diesen Score-Bereich zu zeigen; Doppelklick oder Esc zeigt alles</translation>
    </message>
    <message>
        <source>lowest</source>
        <translation>niedrigster</translation>
    </message>
    <message>
        <source>highest</source>
        <translation>höchster</translation>
    </message>
    <message>
        <source>Score from</source>
        <translation>Score von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SweepDialog</name>
    <message>
        <source>Sweep settings</source>
        <translation>Durchlauf-Einstellungen</translation>
    </message>
    <message>
        <source>Target classes, one column each: 0 (common) .. %1 (rarest)</source>
        <translation>Zielklassen, je eine Spalte: 0 (häufig) .. %1 (am seltensten)</translation>
    </message>
    <message>
        <source>Target &amp;classes</source>
        <translation>Ziel&amp;klassen</translation>
    </message>
    <message>
        <source>Guidance scales, one row each; 0 gives the unguided samples</source>
        <translation>Guidance-Stärken, je eine Zeile; 0 ergibt die ungeführten Samples</translation>
    </message>
    <message>
        <source>Guidance &amp;scales</source>
        <translation>Guidance-&amp;Stärken</translation>
    </message>
    <message>
        <source>&amp;Sweep</source>
        <translation>&amp;Durchlauf starten</translation>
    </message>
    <message numerus="yes">
        <source>%1 x %2 cells, %n sampling run(s), %3 sample(s) in all</source>
        <translation>
            <numerusform>%1 x %2 Zellen, %n Sampling-Lauf, insgesamt %3 Samples</numerusform>
            <numerusform>%1 x %2 Zellen, %n Sampling-Läufe, insgesamt %3 Samples</numerusform>
        </translation>
    </message>
    <message>
        <source>Samples &amp;per cell</source>
        <translation>Samples &amp;pro Zelle</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ThumbnailLoader</name>
    <message>
        <source>not in the dataset</source>
        <translation>nicht im Datensatz</translation>
    </message>
    <message>
        <source>could not be decoded</source>
        <translation>konnte nicht dekodiert werden</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::TrainingMonitor</name>
    <message>
        <source>training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>training top-1</source>
        <translation>Training Top-1</translation>
    </message>
    <message>
        <source>validation top-1</source>
        <translation>Validierung Top-1</translation>
    </message>
    <message>
        <source>validation top-k</source>
        <translation>Validierung Top-k</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>Kreuzentropie</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>validation top-%1</source>
        <translation>Validierung Top-%1</translation>
    </message>
    <message>
        <source>No classifier trained yet. Score the dataset, build classes, then train.</source>
        <translation>Noch kein Klassifikator trainiert. Datensatz bewerten, Klassen bilden, dann trainieren.</translation>
    </message>
    <message>
        <source>Step %1: training loss %2, validation loss %3, top-1 %4 %, top-%5 %6 % (%7 s)</source>
        <translation>Schritt %1: Trainingsverlust %2, Validierungsverlust %3, Top-1 %4 %, Top-%5 %6 % (%7 s)</translation>
    </message>
    <message>
        <source>&amp;Logarithmic loss axis</source>
        <translation>&amp;Logarithmische Verlustachse</translation>
    </message>
    <message>
        <source>Show the loss on a log scale: late, small improvements stay visible</source>
        <translation>Verlust logarithmisch zeigen: späte, kleine Verbesserungen bleiben sichtbar</translation>
    </message>
</context>
</TS>
