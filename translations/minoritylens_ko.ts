<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>QDialog</name>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2, %3 tensors, %4 parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;A %1 is expected here.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;No configuration could be inferred: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Assumed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>unexpected failure</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::app::ClassesDialog</name>
    <message>
        <source>Minority classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantile thresholds split the %1 scores into L ordinal classes: 0 is the most common, L-1 the rarest. The suggestion keeps at least 100 images per class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of classes &amp;L (suggested %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::app::ExportDialog</name>
    <message>
        <source>Export the ranked gallery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export into (a new or empty folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The current filtered view (%n image(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The selection (%n image(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every image (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Top k (in rank order)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG files named by rank and score, and a CSV manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact sheet (PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-contained HTML page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De-identify: name files by content hash, leave paths out of the manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::app::MainWindow</name>
    <message>
        <source>MinorityLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train the minority classifier...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A noise-conditioned classifier p(class | x_t) learns the ordinal minority classes; its gradient steers sampling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Evaluate the last samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neighbourhood density of real, baseline and guided images in a feature space: higher LOF and AvgkNN mean sparser regions, i.e. minority features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: cpu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rarest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most common first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order by minority score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one minority class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>artifact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Gallery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open dataset folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset folder (it is only ever read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;workspace...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace (a folder with scores.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the &amp;demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;backbone...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load minority &amp;classifier...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;feature network (ResNet-50)...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>torchvision ResNet-50 weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export ranked gallery...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save samples...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the samples into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Score the dataset...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority &amp;classes...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;weep classes x scales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;all jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag as &amp;rare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag as &amp;artifact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag for re&amp;view later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>V</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;verse the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the &amp;filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find by path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Larger thumbnails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smaller thumbnails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About MinorityLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class %1 (rarest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class %1 (most common)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 - MinorityLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The minority classifier cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (workspace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) tagged</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scored</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>not scored yet (Run &gt; Score)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Quit MinorityLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel and quit? Scores and checkpoints so far are kept.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Backbone (guided-diffusion UNet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset folder first: the backbone is remembered per dataset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority classifier (EncoderUNetModel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset folder first: the classifier is remembered per dataset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset folder first (File &gt; Open dataset folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scored %1 images (%2 reused from the cache, %3 skipped) in %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score the dataset first (Run &gt; Score the dataset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 classes of about %2 images each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score the dataset and build minority classes first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 steps done. Train until step:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming classifier training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the minority classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier trained: %1 steps, validation top-1 %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training cancelled; its checkpoint is kept (Resume continues it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset or the demo first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate samples first (Sampling tab): baseline and guided sets are compared with the real images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n image(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n image(s) to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n unreadable skipped)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No demo backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundled phantom backbone is not installed (set MLENS_DEMO_BACKBONE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo folder in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds an unfinished demo; remove it and start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the demo: phantoms, scores, classes, classifier, samples (about 10 minutes on 2 cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo on synthetic brain slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: AUROC %1; rare-looking samples %2 % baseline vs %3 % guided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MinorityLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;MinorityLens %1&lt;/h3&gt;&lt;p&gt;Find and generate minority images: rank a dataset by minority score, train a minority classifier, and sample with minority guidance.&lt;/p&gt;&lt;p&gt;Um &amp;amp; Ye, &lt;i&gt;Don&apos;t Play Favorites: Minority Guidance for Diffusion Models&lt;/i&gt; (ICLR 2024).&lt;/p&gt;&lt;p&gt;&lt;small&gt;Qt %2 | %3 | OpenCV %4 | QCustomPlot %5 | spdlog %6.%7.%8&lt;/small&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::app::ScoreDialog</name>
    <message>
        <source>Score the dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The minority score of an image is the mean distance between it and the backbone&apos;s one-shot reconstruction from a noised copy. Higher is rarer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 (squared error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 - SSIM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LPIPS-VGG (official; needs weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LPIPS-AlexNet (needs weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LPIPS &amp;trunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>torchvision VGG16 or AlexNet weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LPIPS &amp;heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LPIPS v0.1 linear heads (vgg.pth / alex.pth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;raws per image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Official noise level (t = 605 for linear schedules, 0.9 T for cosine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perturbation &amp;step t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write the &quot;why rare&quot; maps and reconstructions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::app::ShortcutOverlay</name>
    <message>
        <source>Keyboard shortcuts (any key closes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::app::TrainDialog</name>
    <message>
        <source>Train the minority classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The official recipe: AdamW, weight decay 0.05, learning rate annealed to 0, t uniform, random flips, a stratified 5 % validation split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Iterations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validate every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random horizontal flips</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::DensityPanel</name>
    <message>
        <source>LOF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AvgkNN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export plot...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No evaluation yet. Run &gt; Evaluate compares generated samples with the dataset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Features: %1. AvgkNN k=%2, LOF k=%3, rarity k=%4, precision/recall k=%5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: precision %2, recall %3, LOF above the real 90th percentile %4 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::DetailPanel</name>
    <message>
        <source>The one-shot Tweedie reconstruction from x_t: what the model expected to see</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why rare (&amp;heat map)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-pixel distance between the image and its reconstruction (score --spatial-maps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reconstruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto &amp;window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window from the 0.1 and 99.9 percentiles (double-click the image does the same)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag as a genuine rare case (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag as an artifact or corrupt image (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag for a later look (V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window: level %1, width %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;%1 x %2 pixels, %3 bit, %4 channel(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Minority score &lt;b&gt;%1&lt;/b&gt;, rank %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, class %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Per draw: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Not scored yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Label: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;This image cannot be read.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an image in the gallery.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::GalleryModel</name>
    <message>
        <source>%1
minority score %2 (rank %3)%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, class %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ImageCanvas</name>
    <message>
        <source>Wheel: zoom - left drag: pan - right drag: window (horizontal) and level (vertical) - double-click: reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ImageGrid</name>
    <message>
        <source>Nothing sampled yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::JobRunner</name>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::JobsPanel</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No jobs yet. Scoring, training, sampling, evaluation and exports run here in the background, with progress, time left and a cancel button.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SamplingPanel</name>
    <message>
        <source>Target &amp;class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority class l~ to guide towards: 0 is the most common, the last the rarest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scale w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance strength; 0 gives the baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the seed between runs, so that only the guidance changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DDPM (ancestral)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DDIM (eta 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;mpler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sam&amp;ples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate when a value changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Difference map (|guided - baseline|)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;weep classes x scales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ve samples...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline (w = 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minority guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the samples into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a backbone (File &gt; Load backbone) to sample.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes 0 (common) .. %1 (rarest).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No minority classifier yet: unguided samples only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guided: step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline: step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling (class %1, w = %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) in %1 s (%2 s per image) on %3</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Minority guidance (class %1, w = %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>|guided - baseline|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep: seed %1, one sample per cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep (%1 x %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saved %n sample(s) to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ScoreHistogram</name>
    <message>
        <source>minority score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a bar or drag across bars to show only that score range; double-click or Esc shows all</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mlens::widgets::TrainingMonitor</name>
    <message>
        <source>training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training top-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation top-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation top-%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No classifier trained yet. Score the dataset, build classes, then train.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1: training loss %2, validation loss %3, top-1 %4 %, top-%5 %6 % (%7 s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
