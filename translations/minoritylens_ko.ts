<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>JobError</name>
    <message>
        <source>unexpected failure</source>
        <translation>예기치 않은 오류</translation>
    </message>
    <message>
        <source>A setting is not valid.</source>
        <translation>설정 값이 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>A file, folder or entry was not found.</source>
        <translation>파일, 폴더 또는 항목을 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>The system refused to read or write a file.</source>
        <translation>시스템이 파일 읽기 또는 쓰기를 거부했습니다.</translation>
    </message>
    <message>
        <source>A file is not what it claims to be.</source>
        <translation>파일 형식이 올바르지 않습니다.</translation>
    </message>
    <message>
        <source>A file asks to run code; it was not loaded.</source>
        <translation>파일이 코드 실행을 요구하여 불러오지 않았습니다.</translation>
    </message>
    <message>
        <source>This is not supported.</source>
        <translation>지원되지 않는 기능입니다.</translation>
    </message>
    <message>
        <source>The model and the data do not fit together.</source>
        <translation>모델과 데이터가 서로 맞지 않습니다.</translation>
    </message>
    <message>
        <source>A computation produced invalid numbers.</source>
        <translation>계산 결과에 잘못된 숫자가 있습니다.</translation>
    </message>
    <message>
        <source>Something went wrong while running.</source>
        <translation>실행 중 문제가 발생했습니다.</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Browse...</source>
        <translation>찾아보기...</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors);;All files (*)</source>
        <translation>체크포인트 (*.pt *.pth *.safetensors);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot use %1</source>
        <translation>%1을(를) 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2, %3 tensors, %4 parameters)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2, 텐서 %3개, 매개변수 %4개)</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;A %1 is expected here.&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;여기에는 %1이(가) 필요합니다.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;No configuration could be inferred: %1</source>
        <translation>&lt;br&gt;구성을 추론할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Assumed: %1</source>
        <translation>&lt;br&gt;가정한 값: %1</translation>
    </message>
    <message>
        <source>Use it</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>&lt;br&gt;Configuration used: %1</source>
        <translation>&lt;br&gt;사용할 설정: %1</translation>
    </message>
</context>
<context>
    <name>mlens::app::ClassesDialog</name>
    <message>
        <source>Minority classes</source>
        <translation>소수 클래스</translation>
    </message>
    <message>
        <source>Quantile thresholds split the %1 scores into L ordinal classes: 0 is the most common, L-1 the rarest. The suggestion keeps at least 100 images per class.</source>
        <translation>분위수 임계값이 점수 %1개를 L개의 순서형 클래스로 나눕니다: 0이 가장 흔하고 L-1이 가장 드뭅니다. 제안값은 클래스당 최소 100장의 이미지를 유지합니다.</translation>
    </message>
    <message>
        <source>Number of classes &amp;L (suggested %1)</source>
        <translation>클래스 수 L(&amp;L) (제안 %1)</translation>
    </message>
</context>
<context>
    <name>mlens::app::ExportDialog</name>
    <message>
        <source>Export the ranked gallery</source>
        <translation>순위별 갤러리 내보내기</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>찾아보기...</translation>
    </message>
    <message>
        <source>Export into (a new or empty folder)</source>
        <translation>내보낼 위치 (새 폴더 또는 빈 폴더)</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>폴더(&amp;F)</translation>
    </message>
    <message numerus="yes">
        <source>The current filtered view (%n image(s))</source>
        <translation>
            <numerusform>현재 필터링된 보기 (이미지 %n장)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The selection (%n image(s))</source>
        <translation>
            <numerusform>선택 항목 (이미지 %n장)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every image (%n)</source>
        <translation>
            <numerusform>모든 이미지 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>이미지(&amp;I)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>&amp;Top k (in rank order)</source>
        <translation>상위 k개(&amp;T) (순위순)</translation>
    </message>
    <message>
        <source>PNG files named by rank and score, and a CSV manifest</source>
        <translation>순위와 점수로 이름 붙인 PNG 파일과 CSV 목록</translation>
    </message>
    <message>
        <source>Contact sheet (PNG)</source>
        <translation>밀착 인화 시트 (PNG)</translation>
    </message>
    <message>
        <source>Self-contained HTML page</source>
        <translation>독립 실행형 HTML 페이지</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>De-identify: random pseudonyms; no names, dates, identifiers or header text</source>
        <translation>비식별화: 임의 가명, 이름·날짜·식별자·헤더 텍스트 없음</translation>
    </message>
    <message>
        <source>Keep the free-text notes (they may identify a patient)</source>
        <translation>자유 텍스트 메모 유지 (환자를 식별할 수 있음)</translation>
    </message>
    <message>
        <source>optional: a key file outside the export (pseudonym -&gt; image)</source>
        <translation>선택: 내보내기 폴더 밖의 키 파일 (가명 -&gt; 이미지)</translation>
    </message>
    <message>
        <source>&amp;Key file</source>
        <translation>키 파일(&amp;K)</translation>
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
        <translation>소수 분류기 학습(&amp;T)...</translation>
    </message>
    <message>
        <source>&amp;Resume training</source>
        <translation>학습 재개(&amp;R)</translation>
    </message>
    <message>
        <source>A noise-conditioned classifier p(class | x_t) learns the ordinal minority classes; its gradient steers sampling.</source>
        <translation>노이즈 조건부 분류기 p(클래스 | x_t)가 순서형 소수 클래스를 학습하며, 그 기울기가 샘플링을 유도합니다.</translation>
    </message>
    <message>
        <source>&amp;Classifier</source>
        <translation>분류기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Sampling</source>
        <translation>샘플링(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Evaluate the last samples</source>
        <translation>최근 샘플 평가(&amp;E)</translation>
    </message>
    <message>
        <source>Neighbourhood density of real, baseline and guided images in a feature space: higher LOF and AvgkNN mean sparser regions, i.e. minority features.</source>
        <translation>특징 공간에서 실제, 기준, 유도 이미지의 이웃 밀도: LOF와 AvgkNN이 높을수록 더 희박한 영역, 즉 소수 특징을 뜻합니다.</translation>
    </message>
    <message>
        <source>&amp;Evaluation</source>
        <translation>평가(&amp;E)</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>상세 정보</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>장치: %1</translation>
    </message>
    <message>
        <source>Device: cpu</source>
        <translation>장치: CPU</translation>
    </message>
    <message>
        <source>Rarest first</source>
        <translation>희귀한 순</translation>
    </message>
    <message>
        <source>Most common first</source>
        <translation>흔한 순</translation>
    </message>
    <message>
        <source>Order by minority score</source>
        <translation>소수 점수로 정렬</translation>
    </message>
    <message>
        <source>rare</source>
        <translation>희귀</translation>
    </message>
    <message>
        <source>artifact</source>
        <translation>아티팩트</translation>
    </message>
    <message>
        <source>review later</source>
        <translation>나중에 검토</translation>
    </message>
    <message>
        <source>Filter by path</source>
        <translation>경로로 필터</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>썸네일 크기</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>태그:</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>&amp;Gallery</source>
        <translation>갤러리(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open dataset folder...</source>
        <translation>데이터셋 폴더 열기(&amp;O)...</translation>
    </message>
    <message>
        <source>Open a dataset folder (it is only ever read)</source>
        <translation>데이터셋 폴더 열기 (읽기만 합니다)</translation>
    </message>
    <message>
        <source>Open &amp;workspace...</source>
        <translation>작업 공간 열기(&amp;W)...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open a workspace (a folder with scores.csv)</source>
        <translation>작업 공간 열기 (scores.csv가 있는 폴더)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>최근 항목 열기(&amp;R)</translation>
    </message>
    <message>
        <source>Open the &amp;demo</source>
        <translation>데모 열기(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Load &amp;backbone...</source>
        <translation>백본 불러오기(&amp;B)...</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>Load minority &amp;classifier...</source>
        <translation>소수 분류기 불러오기(&amp;C)...</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Load &amp;feature network (ResNet-50)...</source>
        <translation>특징 네트워크 불러오기(&amp;F) (ResNet-50)...</translation>
    </message>
    <message>
        <source>torchvision ResNet-50 weights</source>
        <translation>torchvision ResNet-50 가중치</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors)</source>
        <translation>체크포인트 (*.pt *.pth *.safetensors)</translation>
    </message>
    <message>
        <source>Feature network</source>
        <translation>특징 네트워크</translation>
    </message>
    <message>
        <source>&amp;Export ranked gallery...</source>
        <translation>순위별 갤러리 내보내기(&amp;E)...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Save samples...</source>
        <translation>샘플 저장(&amp;S)...</translation>
    </message>
    <message>
        <source>Save the samples into</source>
        <translation>샘플 저장 위치</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Score the dataset...</source>
        <translation>데이터셋 점수 계산(&amp;S)...</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Minority &amp;classes...</source>
        <translation>소수 클래스(&amp;C)...</translation>
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
        <translation>샘플 생성(&amp;G)</translation>
    </message>
    <message>
        <source>S&amp;weep classes x scales</source>
        <translation>클래스 x 스케일 스윕(&amp;W)</translation>
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
        <translation>모든 작업 취소(&amp;A)</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>Tag as &amp;rare</source>
        <translation>희귀로 태그(&amp;R)</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Tag as &amp;artifact</source>
        <translation>아티팩트로 태그(&amp;A)</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Tag for re&amp;view later</source>
        <translation>나중에 검토로 태그(&amp;V)</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>&amp;Clear tags</source>
        <translation>태그 지우기(&amp;C)</translation>
    </message>
    <message>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <source>Re&amp;verse the order</source>
        <translation>순서 뒤집기(&amp;V)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Clear the &amp;filters</source>
        <translation>필터 지우기(&amp;F)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>&amp;Find by path</source>
        <translation>경로로 찾기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Larger thumbnails</source>
        <translation>썸네일 크게(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Smaller thumbnails</source>
        <translation>썸네일 작게(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>키보드 단축키(&amp;K)</translation>
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
        <translation>MinorityLens 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>%1을(를) 열 수 없습니다</translation>
    </message>
    <message>
        <source>%1 - MinorityLens</source>
        <translation>%1 - MinorityLens</translation>
    </message>
    <message>
        <source>The minority classifier cannot be read: %1</source>
        <translation>소수 분류기를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 (workspace)</source>
        <translation>%1 (작업 공간)</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) tagged</source>
        <translation>
            <numerusform>이미지 %n장에 태그함</numerusform>
        </translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>열린 데이터셋 없음</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%2개 중 %1개 표시</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>이미지 %n장</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scored</source>
        <translation>
            <numerusform>%n개 점수 계산됨</numerusform>
        </translation>
    </message>
    <message>
        <source>not scored yet (Run &gt; Score)</source>
        <translation>아직 점수 없음 (실행 &gt; 점수 계산)</translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>클래스 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable</source>
        <translation>
            <numerusform>%n개 읽을 수 없음</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other entries skipped</source>
        <translation>
            <numerusform>기타 항목 %n개 건너뜀</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit MinorityLens</source>
        <translation>MinorityLens 종료</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel and quit? Scores and checkpoints so far are kept.</source>
        <translation>
            <numerusform>작업 %n개가 아직 실행 중입니다. 취소하고 종료할까요? 지금까지의 점수와 체크포인트는 유지됩니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backbone (guided-diffusion UNet)</source>
        <translation>백본 (guided-diffusion UNet)</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.safetensors);;All files (*)</source>
        <translation>체크포인트 (*.pt *.pth *.safetensors);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>백본</translation>
    </message>
    <message>
        <source>No dataset</source>
        <translation>데이터셋 없음</translation>
    </message>
    <message>
        <source>Open a dataset folder first: the backbone is remembered per dataset.</source>
        <translation>먼저 데이터셋 폴더를 여세요: 백본은 데이터셋마다 기억됩니다.</translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation>백본: %1</translation>
    </message>
    <message>
        <source>Minority classifier (EncoderUNetModel)</source>
        <translation>소수 분류기 (EncoderUNetModel)</translation>
    </message>
    <message>
        <source>Minority classifier</source>
        <translation>소수 분류기</translation>
    </message>
    <message>
        <source>Open a dataset folder first: the classifier is remembered per dataset.</source>
        <translation>먼저 데이터셋 폴더를 여세요: 분류기는 데이터셋마다 기억됩니다.</translation>
    </message>
    <message>
        <source>Open a dataset folder first (File &gt; Open dataset folder).</source>
        <translation>먼저 데이터셋 폴더를 여세요 (파일 &gt; 데이터셋 폴더 열기).</translation>
    </message>
    <message>
        <source>Scoring %1</source>
        <translation>%1 점수 계산 중</translation>
    </message>
    <message>
        <source>Scored %1 images (%2 reused from the cache, %3 unreadable, %4 other entries skipped) in %5 s</source>
        <translation>이미지 %1장 점수 계산 완료 (캐시에서 %2장 재사용, 읽을 수 없음 %3장, 기타 항목 %4개 건너뜀), %5초</translation>
    </message>
    <message>
        <source>Scoring failed</source>
        <translation>점수 계산 실패</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>점수 없음</translation>
    </message>
    <message>
        <source>Score the dataset first (Run &gt; Score the dataset).</source>
        <translation>먼저 데이터셋의 점수를 계산하세요 (실행 &gt; 데이터셋 점수 계산).</translation>
    </message>
    <message>
        <source>Minority classes</source>
        <translation>소수 클래스</translation>
    </message>
    <message>
        <source>%1 classes of about %2 images each</source>
        <translation>각각 약 %2장인 클래스 %1개</translation>
    </message>
    <message>
        <source>Classes failed</source>
        <translation>클래스 생성 실패</translation>
    </message>
    <message>
        <source>No classes</source>
        <translation>클래스 없음</translation>
    </message>
    <message>
        <source>Score the dataset and build minority classes first.</source>
        <translation>먼저 데이터셋 점수를 계산하고 소수 클래스를 만드세요.</translation>
    </message>
    <message>
        <source>Cannot resume</source>
        <translation>재개할 수 없음</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>학습 재개</translation>
    </message>
    <message>
        <source>%1 of %2 steps done. Train until step:</source>
        <translation>%2단계 중 %1단계 완료. 학습할 마지막 단계:</translation>
    </message>
    <message>
        <source>Resuming classifier training</source>
        <translation>분류기 학습 재개 중</translation>
    </message>
    <message>
        <source>Training the minority classifier</source>
        <translation>소수 분류기 학습 중</translation>
    </message>
    <message>
        <source>Classifier trained: %1 steps, validation top-1 %2 %</source>
        <translation>분류기 학습 완료: %1단계, 검증 top-1 %2 %</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>학습 실패</translation>
    </message>
    <message>
        <source>Training cancelled; its checkpoint is kept (Resume continues it).</source>
        <translation>학습이 취소되었습니다. 체크포인트는 유지됩니다 (재개하면 이어서 학습합니다).</translation>
    </message>
    <message>
        <source>Open a dataset or the demo first.</source>
        <translation>먼저 데이터셋이나 데모를 여세요.</translation>
    </message>
    <message>
        <source>No samples</source>
        <translation>샘플 없음</translation>
    </message>
    <message>
        <source>Generate samples first (Sampling tab): baseline and guided sets are compared with the real images.</source>
        <translation>먼저 샘플을 생성하세요 (샘플링 탭): 기준 샘플과 유도 샘플을 실제 이미지와 비교합니다.</translation>
    </message>
    <message>
        <source>Evaluating samples</source>
        <translation>샘플 평가 중</translation>
    </message>
    <message>
        <source>Evaluation written to %1</source>
        <translation>평가 결과를 %1에 기록함</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>평가 실패</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>내보낼 항목 없음</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>먼저 데이터셋을 여세요.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n image(s) to %1</source>
        <translation>
            <numerusform>이미지 %n장을 %1(으)로 내보냄</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n unreadable skipped)</source>
        <translation>
            <numerusform> (읽을 수 없는 %n장 건너뜀)</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>No demo backbone</source>
        <translation>데모 백본 없음</translation>
    </message>
    <message>
        <source>The bundled phantom backbone is not installed (set MLENS_DEMO_BACKBONE).</source>
        <translation>번들된 팬텀 백본이 설치되어 있지 않습니다 (MLENS_DEMO_BACKBONE을 설정하세요).</translation>
    </message>
    <message>
        <source>Running the demo: phantoms, scores, classes, classifier, samples (about 10 minutes on 2 cores)</source>
        <translation>데모 실행 중: 팬텀, 점수, 클래스, 분류기, 샘플 (2코어에서 약 10분)</translation>
    </message>
    <message>
        <source>Demo on synthetic brain slices</source>
        <translation>합성 뇌 단면 데모</translation>
    </message>
    <message>
        <source>Demo: AUROC %1; rare-looking samples %2 % baseline vs %3 % guided</source>
        <translation>데모: AUROC %1, 희귀해 보이는 샘플 기준 %2 % 대 유도 %3 %</translation>
    </message>
    <message>
        <source>The demo failed</source>
        <translation>데모 실패</translation>
    </message>
    <message>
        <source>About MinorityLens</source>
        <translation>MinorityLens 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MinorityLens %1&lt;/h3&gt;&lt;p&gt;Find and generate minority images: rank a dataset by minority score, train a minority classifier, and sample with minority guidance.&lt;/p&gt;&lt;p&gt;Um &amp;amp; Ye, &lt;i&gt;Don&apos;t Play Favorites: Minority Guidance for Diffusion Models&lt;/i&gt; (ICLR 2024).&lt;/p&gt;&lt;p&gt;&lt;small&gt;Qt %2 | %3 | OpenCV %4 | QCustomPlot %5 | spdlog %6.%7.%8&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MinorityLens %1&lt;/h3&gt;&lt;p&gt;소수 이미지를 찾고 생성합니다: 데이터셋을 소수 점수로 순위를 매기고, 소수 분류기를 학습하고, 소수 유도로 샘플링합니다.&lt;/p&gt;&lt;p&gt;Um &amp;amp; Ye, &lt;i&gt;Don&apos;t Play Favorites: Minority Guidance for Diffusion Models&lt;/i&gt; (ICLR 2024).&lt;/p&gt;&lt;p&gt;&lt;small&gt;Qt %2 | %3 | OpenCV %4 | QCustomPlot %5 | spdlog %6.%7.%8&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>판독(&amp;V)</translation>
    </message>
    <message>
        <source>Grading failed</source>
        <translation>등급 저장 실패</translation>
    </message>
    <message>
        <source>Cannot save the tag or note</source>
        <translation>태그나 메모를 저장할 수 없음</translation>
    </message>
    <message>
        <source>Open a &amp;scan or array file...</source>
        <translation>스캔 또는 배열 파일 열기(&amp;S)...</translation>
    </message>
    <message>
        <source>Ctrl+Alt+O</source>
        <translation>Ctrl+Alt+O</translation>
    </message>
    <message>
        <source>Open a scan (NIfTI, DICOM) or an IDX array (it is only ever read)</source>
        <translation>스캔(NIfTI, DICOM) 또는 IDX 배열 열기 (읽기만 함)</translation>
    </message>
    <message>
        <source>Scans and arrays (*.nii *.nii.gz *.dcm *.dicom *-idx3-ubyte *-idx3-ubyte.gz);;All files (*)</source>
        <translation>스캔 및 배열 (*.nii *.nii.gz *.dcm *.dicom *-idx3-ubyte *-idx3-ubyte.gz);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>&amp;Previous slice of the volume</source>
        <translation>볼륨의 이전 슬라이스(&amp;P)</translation>
    </message>
    <message>
        <source>[</source>
        <translation>[</translation>
    </message>
    <message>
        <source>&amp;Next slice of the volume</source>
        <translation>볼륨의 다음 슬라이스(&amp;N)</translation>
    </message>
    <message>
        <source>]</source>
        <translation>]</translation>
    </message>
    <message>
        <source>Not a slice of a volume</source>
        <translation>볼륨의 슬라이스가 아님</translation>
    </message>
    <message>
        <source>No further slice</source>
        <translation>더 이상 슬라이스 없음</translation>
    </message>
    <message>
        <source>Exporting to %1</source>
        <translation>%1(으)로 내보내는 중</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n개 선택됨</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo is running (see Jobs): it makes synthetic brain slices, scores them, trains a classifier and samples. The gallery fills when it is done.</source>
        <translation>데모 실행 중(작업 참조): 합성 뇌 단면을 만들고 점수를 매기고 분류기를 학습한 뒤 샘플링합니다. 완료되면 갤러리가 채워집니다.</translation>
    </message>
    <message>
        <source>No dataset open.

File &gt; Open dataset folder (Ctrl+O), drop a folder of images or scans here, or File &gt; Open the demo.</source>
        <translation>열린 데이터셋이 없습니다.

파일 &gt; 데이터셋 폴더 열기(Ctrl+O), 이미지나 스캔 폴더를 여기에 끌어 놓기, 또는 파일 &gt; 데모 열기.</translation>
    </message>
    <message>
        <source>This folder holds no image or scan MinorityLens can read (PNG, JPEG, BMP, TIFF, NIfTI, DICOM). Open another folder.</source>
        <translation>이 폴더에는 MinorityLens가 읽을 수 있는 이미지나 스캔(PNG, JPEG, BMP, TIFF, NIfTI, DICOM)이 없습니다. 다른 폴더를 여세요.</translation>
    </message>
    <message>
        <source>No image matches the filters. Widen the score range, or clear the class, tag and text filters.</source>
        <translation>필터에 맞는 이미지가 없습니다. 점수 범위를 넓히거나 클래스, 태그, 텍스트 필터를 지우세요.</translation>
    </message>
    <message>
        <source>Reading the saved samples</source>
        <translation>저장된 샘플 읽기</translation>
    </message>
    <message>
        <source>Saved samples not shown: %1</source>
        <translation>저장된 샘플을 표시하지 못함: %1</translation>
    </message>
    <message>
        <source>t = %1, chosen by agreement with AvgkNN (%2).</source>
        <translation>t = %1, AvgkNN과의 일치도로 선택됨(%2).</translation>
    </message>
</context>
<context>
    <name>mlens::app::ScoreDialog</name>
    <message>
        <source>Score the dataset</source>
        <translation>데이터셋 점수 계산</translation>
    </message>
    <message>
        <source>The minority score of an image is the mean distance between it and the backbone&apos;s one-shot reconstruction from a noised copy. Higher is rarer.</source>
        <translation>이미지의 소수 점수는 이미지와, 노이즈를 더한 사본으로부터 백본이 한 번에 복원한 결과 사이의 평균 거리입니다. 높을수록 희귀합니다.</translation>
    </message>
    <message>
        <source>L2 (squared error)</source>
        <translation>L2 (제곱 오차)</translation>
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
        <translation>LPIPS-VGG (공식, 가중치 필요)</translation>
    </message>
    <message>
        <source>LPIPS-AlexNet (needs weights)</source>
        <translation>LPIPS-AlexNet (가중치 필요)</translation>
    </message>
    <message>
        <source>&amp;Distance</source>
        <translation>거리(&amp;D)</translation>
    </message>
    <message>
        <source>LPIPS &amp;trunk</source>
        <translation>LPIPS 몸통(&amp;T)</translation>
    </message>
    <message>
        <source>torchvision VGG16 or AlexNet weights</source>
        <translation>torchvision VGG16 또는 AlexNet 가중치</translation>
    </message>
    <message>
        <source>LPIPS &amp;heads</source>
        <translation>LPIPS 헤드(&amp;H)</translation>
    </message>
    <message>
        <source>LPIPS v0.1 linear heads (vgg.pth / alex.pth)</source>
        <translation>LPIPS v0.1 선형 헤드 (vgg.pth / alex.pth)</translation>
    </message>
    <message>
        <source>D&amp;raws per image</source>
        <translation>이미지당 추출 횟수(&amp;R)</translation>
    </message>
    <message>
        <source>Perturbation &amp;step t</source>
        <translation>교란 단계 t(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>배치(&amp;B)</translation>
    </message>
    <message>
        <source>Also write the &quot;why rare&quot; maps and reconstructions</source>
        <translation>&quot;희귀한 이유&quot; 맵과 복원 이미지도 저장</translation>
    </message>
    <message>
        <source>Model &amp;configuration</source>
        <translation>모델 구성(&amp;C)</translation>
    </message>
    <message>
        <source>guided-diffusion model configuration (JSON)</source>
        <translation>guided-diffusion 모델 구성 (JSON)</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>from the checkpoint, a JSON beside it, or inferred</source>
        <translation>체크포인트, 옆의 JSON, 또는 추론</translation>
    </message>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Subfolder names</source>
        <translation>하위 폴더 이름</translation>
    </message>
    <message>
        <source>A CSV file (item,label)</source>
        <translation>CSV 파일 (항목,레이블)</translation>
    </message>
    <message>
        <source>Dataset &amp;labels</source>
        <translation>데이터셋 레이블(&amp;L)</translation>
    </message>
    <message>
        <source>Labels &amp;CSV</source>
        <translation>레이블 CSV(&amp;C)</translation>
    </message>
    <message>
        <source>Labels: lines &quot;item,label&quot;</source>
        <translation>레이블: &quot;항목,레이블&quot; 줄</translation>
    </message>
    <message>
        <source>CSV (*.csv);;All files (*)</source>
        <translation>CSV (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Official (t = 605 for linear schedules, 0.9 T for cosine)</source>
        <translation>공식 값(선형 스케줄은 t = 605, 코사인은 0.9 T)</translation>
    </message>
    <message>
        <source>Chosen for this dataset (agreement with AvgkNN on a subset)</source>
        <translation>이 데이터셋에 맞게 선택(부분집합에서 AvgkNN과의 일치도)</translation>
    </message>
    <message>
        <source>Fixed step</source>
        <translation>고정 단계</translation>
    </message>
    <message>
        <source>&amp;Noise level</source>
        <translation>노이즈 수준(&amp;N)</translation>
    </message>
    <message>
        <source> images</source>
        <translation> 장</translation>
    </message>
    <message>
        <source>Calibration s&amp;ubset</source>
        <translation>보정 부분집합(&amp;U)</translation>
    </message>
</context>
<context>
    <name>mlens::app::ShortcutOverlay</name>
    <message>
        <source>Keyboard shortcuts (any key closes)</source>
        <translation>키보드 단축키 (아무 키나 누르면 닫힘)</translation>
    </message>
</context>
<context>
    <name>mlens::app::TrainDialog</name>
    <message>
        <source>Train the minority classifier</source>
        <translation>소수 분류기 학습</translation>
    </message>
    <message>
        <source>The official recipe: AdamW, weight decay 0.05, learning rate annealed to 0, t uniform, random flips, a stratified 5 % validation split.</source>
        <translation>공식 레시피: AdamW, 가중치 감쇠 0.05, 학습률을 0까지 선형 감소, t 균등 추출, 무작위 뒤집기, 층화 5 % 검증 분할.</translation>
    </message>
    <message>
        <source>&amp;Iterations</source>
        <translation>반복 횟수(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>배치 크기(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>학습률(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Validate every</source>
        <translation>검증 간격(&amp;V)</translation>
    </message>
    <message>
        <source>Random horizontal flips</source>
        <translation>무작위 좌우 뒤집기</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ClassFilter</name>
    <message>
        <source>All classes</source>
        <translation>모든 클래스</translation>
    </message>
    <message>
        <source>Show only the checked minority classes (Space or click toggles; none checked shows all)</source>
        <translation>선택한 소수 클래스만 표시 (스페이스 또는 클릭으로 전환, 아무것도 선택하지 않으면 전체 표시)</translation>
    </message>
    <message>
        <source>Class %1 (rarest)</source>
        <translation>클래스 %1 (가장 드묾)</translation>
    </message>
    <message>
        <source>Class %1 (most common)</source>
        <translation>클래스 %1 (가장 흔함)</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>클래스 %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n image(s)</source>
        <translation>
            <numerusform>%1: 이미지 %n장</numerusform>
        </translation>
    </message>
    <message>
        <source>No classes yet</source>
        <translation>아직 클래스 없음</translation>
    </message>
    <message>
        <source>Classes %1 (%2)</source>
        <translation>클래스 %1 (%2)</translation>
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
        <translation>소수 점수</translation>
    </message>
    <message>
        <source>density</source>
        <translation>밀도</translation>
    </message>
    <message>
        <source>&amp;Export plot...</source>
        <translation>그래프 내보내기(&amp;E)...</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>그래프 내보내기</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 이미지 (*.png);;SVG 도면 (*.svg);;PDF 문서 (*.pdf)</translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation>그래프를 %1(으)로 내보냄</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1을(를) 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>No evaluation yet. Run &gt; Evaluate compares generated samples with the dataset.</source>
        <translation>아직 평가가 없습니다. 실행 &gt; 평가는 생성된 샘플을 데이터셋과 비교합니다.</translation>
    </message>
    <message>
        <source>Features: %1. AvgkNN k=%2, LOF k=%3, rarity k=%4, precision/recall k=%5.</source>
        <translation>특징: %1. AvgkNN k=%2, LOF k=%3, 희귀도 k=%4, 정밀도/재현율 k=%5.</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: precision %2, recall %3, LOF above the real 90th percentile %4 %</source>
        <translation>&lt;br&gt;%1: 정밀도 %2, 재현율 %3, 실제 이미지 90번째 백분위수를 넘는 LOF %4 %</translation>
    </message>
    <message>
        <source>Fewer than %1 samples in %2: their densities are only a guide (dashed), the ticks below them show each value.</source>
        <translation>%2의 샘플이 %1개 미만입니다: 밀도는 참고용일 뿐이며(점선), 아래 눈금이 각 값을 보여 줍니다.</translation>
    </message>
    <message>
        <source>%1 (n=%2, too few for a density)</source>
        <translation>%1 (n=%2, 밀도를 추정하기에 너무 적음)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::DetailPanel</name>
    <message>
        <source>The one-shot Tweedie reconstruction from x_t: what the model expected to see</source>
        <translation>x_t로부터의 한 번의 Tweedie 복원: 모델이 예상한 모습</translation>
    </message>
    <message>
        <source>Why rare (&amp;heat map)</source>
        <translation>희귀한 이유 (히트맵)(&amp;H)</translation>
    </message>
    <message>
        <source>Per-pixel distance between the image and its reconstruction (score --spatial-maps)</source>
        <translation>이미지와 복원 결과 사이의 픽셀별 거리 (score --spatial-maps)</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>오버레이 불투명도</translation>
    </message>
    <message>
        <source>&amp;Reconstruction</source>
        <translation>복원(&amp;R)</translation>
    </message>
    <message>
        <source>Rare</source>
        <translation>희귀</translation>
    </message>
    <message>
        <source>Tag as a genuine rare case (R)</source>
        <translation>실제 희귀 사례로 태그 (R)</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>아티팩트</translation>
    </message>
    <message>
        <source>Tag as an artifact or corrupt image (A)</source>
        <translation>아티팩트 또는 손상된 이미지로 태그 (A)</translation>
    </message>
    <message>
        <source>Review later</source>
        <translation>나중에 검토</translation>
    </message>
    <message>
        <source>Tag for a later look (V)</source>
        <translation>나중에 볼 항목으로 태그 (V)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Window: level %1, width %2</source>
        <translation>윈도우: 레벨 %1, 폭 %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Minority score &lt;b&gt;%1&lt;/b&gt;, rank %2</source>
        <translation>&lt;br&gt;소수 점수 &lt;b&gt;%1&lt;/b&gt;, 순위 %2</translation>
    </message>
    <message>
        <source>, class %1 of %2</source>
        <translation>, 클래스 %1 / %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Per draw: %1</source>
        <translation>&lt;br&gt;추출별: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Not scored yet</source>
        <translation>&lt;br&gt;아직 점수 없음</translation>
    </message>
    <message>
        <source>&lt;br&gt;Label: %1</source>
        <translation>&lt;br&gt;레이블: %1</translation>
    </message>
    <message>
        <source>Select an image in the gallery.</source>
        <translation>갤러리에서 이미지를 선택하세요.</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1 x %2 pixels, %3, %4 channel(s)</source>
        <translation>&lt;br&gt;%1 x %2 픽셀, %3, 채널 %4개</translation>
    </message>
    <message>
        <source>physical values</source>
        <translation>물리량</translation>
    </message>
    <message>
        <source>16 bit</source>
        <translation>16비트</translation>
    </message>
    <message>
        <source>8 bit</source>
        <translation>8비트</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;This image cannot be read: %1&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#d62728&apos;&gt;이 이미지를 읽을 수 없습니다: %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Blinded: scores, ranks and classes are hidden</source>
        <translation>&lt;br&gt;블라인드: 점수, 순위, 클래스 숨김</translation>
    </message>
    <message>
        <source>This image cannot be read: %1</source>
        <translation>이 이미지를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>&amp;Window</source>
        <translation>창(&amp;W)</translation>
    </message>
    <message>
        <source>Back to the window the image is scored with (double-click the image does the same); the arrow offers the file&apos;s own windows, the full range and percentile windows</source>
        <translation>이미지가 점수 계산에 쓰인 창으로 되돌리기 (이미지를 더블클릭해도 같음); 화살표는 파일 자체의 창, 전체 범위, 백분위 창을 제공</translation>
    </message>
    <message>
        <source>level %1, width %2</source>
        <translation>레벨 %1, 폭 %2</translation>
    </message>
    <message>
        <source>As scored (%1)</source>
        <translation>점수 계산 시 창 (%1)</translation>
    </message>
    <message>
        <source>The file&apos;s window (%1)</source>
        <translation>파일의 창 (%1)</translation>
    </message>
    <message>
        <source>The file&apos;s %1 window (%2)</source>
        <translation>파일의 %1 창 (%2)</translation>
    </message>
    <message>
        <source>Full range (%1 to %2)</source>
        <translation>전체 범위 (%1 ~ %2)</translation>
    </message>
    <message>
        <source>%1 to %2 % of the pixel values (%3)</source>
        <translation>픽셀 값의 %1 ~ %2 % (%3)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::GalleryDelegate</name>
    <message>
        <source>unreadable</source>
        <translation>읽을 수 없음</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::GalleryModel</name>
    <message>
        <source>%1
minority score %2 (rank %3)%4</source>
        <translation>%1
소수 점수 %2 (순위 %3)%4</translation>
    </message>
    <message>
        <source>, class %1</source>
        <translation>, 클래스 %1</translation>
    </message>
    <message>
        <source>%1
cannot be read: %2</source>
        <translation>%1
읽을 수 없음: %2</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ImageCanvas</name>
    <message>
        <source>Wheel: zoom - left drag: pan - right drag: window (horizontal) and level (vertical) - double-click: reset</source>
        <translation>휠: 확대/축소 - 왼쪽 드래그: 이동 - 오른쪽 드래그: 윈도우(가로)와 레벨(세로) - 두 번 클릭: 초기화</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>선택된 이미지 없음</translation>
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
        <translation>확대 %1 %</translation>
    </message>
    <message>
        <source>W %1 L %2</source>
        <translation>폭 %1 레벨 %2</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ImageGrid</name>
    <message>
        <source>Nothing sampled yet</source>
        <translation>아직 샘플 없음</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::JobRunner</name>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::JobsPanel</name>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 남음</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>No jobs yet. Scoring, training, sampling, evaluation and exports run here in the background, with progress, time left and a cancel button.</source>
        <translation>아직 작업이 없습니다. 점수 계산, 학습, 샘플링, 평가, 내보내기가 여기서 백그라운드로 실행되며 진행률, 남은 시간, 취소 버튼이 표시됩니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation>
            <numerusform>작업 %n개 실행 중</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ReviewPanel</name>
    <message>
        <source>your name or initials</source>
        <translation>이름 또는 이니셜</translation>
    </message>
    <message>
        <source>Re&amp;viewer</source>
        <translation>판독자(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Blinded: hide scores, ranks and classes, shuffle the order</source>
        <translation>블라인드(&amp;B): 점수·순위·클래스 숨기고 순서 섞기</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>등급</translation>
    </message>
    <message>
        <source>1 normal - 2 probably normal - 3 uncertain - 4 probably abnormal - 5 clearly abnormal</source>
        <translation>1 정상 - 2 아마 정상 - 3 불확실 - 4 아마 비정상 - 5 명백히 비정상</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>편집...</translation>
    </message>
    <message>
        <source>&amp;Finding</source>
        <translation>소견(&amp;F)</translation>
    </message>
    <message>
        <source>Ar&amp;tifact</source>
        <translation>아티팩트(&amp;T)</translation>
    </message>
    <message>
        <source>a note (Enter keeps it)</source>
        <translation>메모 (Enter로 저장)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>메모(&amp;N)</translation>
    </message>
    <message>
        <source>&lt; Previous</source>
        <translation>&lt; 이전</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>다음 &gt;</translation>
    </message>
    <message>
        <source>Next ungraded</source>
        <translation>다음 미판독</translation>
    </message>
    <message>
        <source>Keys: 1-5 grade and go on, 0 clear, Right / Space next, Left previous, U next ungraded, F finding, T artifact, N note</source>
        <translation>키: 1-5 등급 후 다음, 0 지우기, 오른쪽 / 스페이스 다음, 왼쪽 이전, U 다음 미판독, F 소견, T 아티팩트, N 메모</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>소견</translation>
    </message>
    <message>
        <source>One finding per line:</source>
        <translation>한 줄에 소견 하나:</translation>
    </message>
    <message>
        <source>(no finding)</source>
        <translation>(소견 없음)</translation>
    </message>
    <message>
        <source>No images to review: open a dataset (and clear the gallery&apos;s filters).</source>
        <translation>판독할 이미지 없음: 데이터셋을 여세요 (갤러리 필터도 해제).</translation>
    </message>
    <message>
        <source>This image cannot be read: %1</source>
        <translation>이 이미지를 읽을 수 없음: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Minority score %1, rank %2</source>
        <translation>&lt;br&gt;소수성 점수 %1, 순위 %2</translation>
    </message>
    <message>
        <source>, class %1</source>
        <translation>, 클래스 %1</translation>
    </message>
    <message>
        <source>Open a dataset to review its images.</source>
        <translation>이미지를 판독하려면 데이터셋을 여세요.</translation>
    </message>
    <message numerus="yes">
        <source>Enter your name to start grading (%n image(s) to review).</source>
        <translation>
            <numerusform>등급을 매기려면 이름을 입력하세요 (판독할 이미지 %n개).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 graded - image %3</source>
        <translation>%2개 중 %1개 판독 - 이미지 %3</translation>
    </message>
    <message>
        <source>Enter your name first: grades are kept per reviewer.</source>
        <translation>먼저 이름을 입력하세요: 등급은 판독자별로 저장됩니다.</translation>
    </message>
    <message>
        <source>Every image is graded (%1 of %1).</source>
        <translation>모든 이미지 판독 완료 (%1 / %1).</translation>
    </message>
    <message>
        <source>&amp;Blinded</source>
        <translation>블라인드(&amp;B)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SampleLightbox</name>
    <message>
        <source>Sample</source>
        <translation>샘플</translation>
    </message>
    <message>
        <source>Baseline (w = 0)</source>
        <translation>기준 (w = 0)</translation>
    </message>
    <message>
        <source>Minority guidance</source>
        <translation>소수 유도</translation>
    </message>
    <message>
        <source>&lt; &amp;Previous</source>
        <translation>&lt; 이전(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>다음(&amp;N) &gt;</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SamplingPanel</name>
    <message>
        <source>Target &amp;class</source>
        <translation>목표 클래스(&amp;C)</translation>
    </message>
    <message>
        <source>Minority class l~ to guide towards: 0 is the most common, the last the rarest</source>
        <translation>유도할 소수 클래스 l~: 0이 가장 흔하고 마지막이 가장 희귀합니다</translation>
    </message>
    <message>
        <source>&amp;Scale w</source>
        <translation>스케일 w(&amp;S)</translation>
    </message>
    <message>
        <source>Guidance strength; 0 gives the baseline</source>
        <translation>유도 강도, 0이면 기준 샘플</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>유지</translation>
    </message>
    <message>
        <source>Keep the seed between runs, so that only the guidance changes</source>
        <translation>실행 사이에 시드를 유지하여 유도만 바뀌게 합니다</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>시드(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation>단계 수(&amp;T)</translation>
    </message>
    <message>
        <source>DDPM (ancestral)</source>
        <translation>DDPM (조상 샘플링)</translation>
    </message>
    <message>
        <source>DDIM (eta 0)</source>
        <translation>DDIM (eta 0)</translation>
    </message>
    <message>
        <source>Sa&amp;mpler</source>
        <translation>샘플러(&amp;M)</translation>
    </message>
    <message>
        <source>Sam&amp;ples</source>
        <translation>샘플 수(&amp;P)</translation>
    </message>
    <message>
        <source>Regenerate when a value changes</source>
        <translation>값이 바뀌면 다시 생성</translation>
    </message>
    <message>
        <source>&amp;Difference map (|guided - baseline|)</source>
        <translation>차이 맵(&amp;D) (|유도 - 기준|)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>생성(&amp;G)</translation>
    </message>
    <message>
        <source>Sa&amp;ve samples...</source>
        <translation>샘플 저장(&amp;V)...</translation>
    </message>
    <message>
        <source>Baseline (w = 0)</source>
        <translation>기준 (w = 0)</translation>
    </message>
    <message>
        <source>Minority guidance</source>
        <translation>소수 유도</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>스윕</translation>
    </message>
    <message>
        <source>Save the samples into</source>
        <translation>샘플 저장 위치</translation>
    </message>
    <message>
        <source>Load a backbone (File &gt; Load backbone) to sample.</source>
        <translation>샘플링하려면 백본을 불러오세요 (파일 &gt; 백본 불러오기).</translation>
    </message>
    <message>
        <source>Classes 0 (common) .. %1 (rarest).</source>
        <translation>클래스 0 (흔함) .. %1 (가장 희귀).</translation>
    </message>
    <message>
        <source>No minority classifier yet: unguided samples only.</source>
        <translation>아직 소수 분류기가 없습니다: 유도 없는 샘플만 생성합니다.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>샘플</translation>
    </message>
    <message>
        <source>Guided: step %1 of %2</source>
        <translation>유도: %2단계 중 %1단계</translation>
    </message>
    <message>
        <source>Baseline: step %1 of %2</source>
        <translation>기준: %2단계 중 %1단계</translation>
    </message>
    <message>
        <source>Sampling...</source>
        <translation>샘플링 중...</translation>
    </message>
    <message>
        <source>Sampling (class %1, w = %2)</source>
        <translation>샘플링 (클래스 %1, w = %2)</translation>
    </message>
    <message>
        <source>Sampling failed: %1</source>
        <translation>샘플링 실패: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소됨.</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) in %1 s (%2 s per image) on %3</source>
        <translation>
            <numerusform>샘플 %n개, %1초 (이미지당 %2초), %3에서 실행</numerusform>
        </translation>
    </message>
    <message>
        <source>Minority guidance (class %1, w = %2)</source>
        <translation>소수 유도 (클래스 %1, w = %2)</translation>
    </message>
    <message>
        <source>|guided - baseline|</source>
        <translation>|유도 - 기준|</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>클래스 %1</translation>
    </message>
    <message>
        <source>Sweep (%1 x %2)</source>
        <translation>스윕 (%1 x %2)</translation>
    </message>
    <message>
        <source>Sweep failed: %1</source>
        <translation>스윕 실패: %1</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n sample(s) to %1</source>
        <translation>
            <numerusform>샘플 %n개를 %1에 저장함</numerusform>
        </translation>
    </message>
    <message>
        <source>Sampling failed</source>
        <translation>샘플링 실패</translation>
    </message>
    <message>
        <source>Sweep failed</source>
        <translation>스윕 실패</translation>
    </message>
    <message numerus="yes">
        <source>Saving %n sample(s)</source>
        <translation>
            <numerusform>샘플 %n개 저장 중</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>저장 실패: %1</translation>
    </message>
    <message>
        <source>Saving samples failed</source>
        <translation>샘플 저장 실패</translation>
    </message>
    <message>
        <source>Minority guidance (class %1, w = %2), updating to class %3, w = %4</source>
        <translation>소수 유도 (클래스 %1, w = %2), 클래스 %3, w = %4(으)로 갱신 중</translation>
    </message>
    <message>
        <source>grey levels</source>
        <translation>회색 단계</translation>
    </message>
    <message>
        <source>Sample %1 of %2, noise seed %3</source>
        <translation>샘플 %1/%2, 노이즈 시드 %3</translation>
    </message>
    <message>
        <source>Target class %1, scale w = %2</source>
        <translation>목표 클래스 %1, 강도 w = %2</translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation>%1, %2단계</translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation>백본: %1</translation>
    </message>
    <message>
        <source>Classifier: %1</source>
        <translation>분류기: %1</translation>
    </message>
    <message>
        <source>Sampling the backbone alone (no classifier)</source>
        <translation>백본만으로 샘플링 (분류기 없음)</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) saved earlier in %1</source>
        <translation>
            <numerusform>%1에 이전에 저장된 샘플 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;weep classes x scales...</source>
        <translation>클래스 x 강도 스윕(&amp;W)...</translation>
    </message>
    <message>
        <source>Save the sweep grid</source>
        <translation>스윕 격자 저장</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message numerus="yes">
        <source>Sweep: seed %1, %n sample(s) per cell</source>
        <translation>
            <numerusform>스윕: 시드 %1, 셀당 샘플 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sweep done: %n sampling run(s).</source>
        <translation>
            <numerusform>스윕 완료: 샘플링 %n회.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving the sweep grid</source>
        <translation>스윕 격자 저장 중</translation>
    </message>
    <message>
        <source>Saved the sweep grid to %1</source>
        <translation>스윕 격자를 %1에 저장함</translation>
    </message>
    <message>
        <source>Saving the sweep grid failed</source>
        <translation>스윕 격자 저장 실패</translation>
    </message>
    <message>
        <source>Save sweep gr&amp;id...</source>
        <translation>스윕 격자 저장(&amp;I)...</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ScoreHistogram</name>
    <message>
        <source>minority score</source>
        <translation>소수 점수</translation>
    </message>
    <message>
        <source>images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Click a bar or drag across bars to show only that score range; double-click or Esc shows all</source>
        <translation>막대를 클릭하거나 여러 막대를 드래그하면 그 점수 범위만 표시합니다. 두 번 클릭하거나 Esc를 누르면 모두 표시합니다</translation>
    </message>
    <message>
        <source>lowest</source>
        <translation>최저</translation>
    </message>
    <message>
        <source>highest</source>
        <translation>최고</translation>
    </message>
    <message>
        <source>Score from</source>
        <translation>점수 범위</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::SweepDialog</name>
    <message>
        <source>Sweep settings</source>
        <translation>스윕 설정</translation>
    </message>
    <message>
        <source>Target classes, one column each: 0 (common) .. %1 (rarest)</source>
        <translation>대상 클래스, 각각 한 열: 0(흔함) .. %1(가장 드묾)</translation>
    </message>
    <message>
        <source>Target &amp;classes</source>
        <translation>대상 클래스(&amp;C)</translation>
    </message>
    <message>
        <source>Guidance scales, one row each; 0 gives the unguided samples</source>
        <translation>가이던스 강도, 각각 한 행; 0은 가이던스 없는 샘플</translation>
    </message>
    <message>
        <source>Guidance &amp;scales</source>
        <translation>가이던스 강도(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Sweep</source>
        <translation>스윕 시작(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>%1 x %2 cells, %n sampling run(s), %3 sample(s) in all</source>
        <translation>
            <numerusform>%1 x %2 셀, 샘플링 %n회, 총 샘플 %3개</numerusform>
        </translation>
    </message>
    <message>
        <source>Samples &amp;per cell</source>
        <translation>셀당 샘플 수(&amp;P)</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::ThumbnailLoader</name>
    <message>
        <source>not in the dataset</source>
        <translation>데이터셋에 없음</translation>
    </message>
    <message>
        <source>could not be decoded</source>
        <translation>디코딩할 수 없음</translation>
    </message>
</context>
<context>
    <name>mlens::widgets::TrainingMonitor</name>
    <message>
        <source>training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>training top-1</source>
        <translation>학습 top-1</translation>
    </message>
    <message>
        <source>validation top-1</source>
        <translation>검증 top-1</translation>
    </message>
    <message>
        <source>validation top-k</source>
        <translation>검증 top-k</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>교차 엔트로피</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>validation top-%1</source>
        <translation>검증 top-%1</translation>
    </message>
    <message>
        <source>No classifier trained yet. Score the dataset, build classes, then train.</source>
        <translation>아직 학습된 분류기가 없습니다. 데이터셋 점수를 계산하고 클래스를 만든 뒤 학습하세요.</translation>
    </message>
    <message>
        <source>Step %1: training loss %2, validation loss %3, top-1 %4 %, top-%5 %6 % (%7 s)</source>
        <translation>%1단계: 학습 손실 %2, 검증 손실 %3, top-1 %4 %, top-%5 %6 % (%7초)</translation>
    </message>
    <message>
        <source>&amp;Logarithmic loss axis</source>
        <translation>로그 손실 축(&amp;L)</translation>
    </message>
    <message>
        <source>Show the loss on a log scale: late, small improvements stay visible</source>
        <translation>손실을 로그 축으로 표시: 후반의 작은 개선도 보임</translation>
    </message>
</context>
</TS>
