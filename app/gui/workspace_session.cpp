#include "app/gui/workspace_session.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include "engine/api/dataset.h"
#include "engine/api/error.h"

namespace mlens {
namespace app {

WorkspaceSession::WorkspaceSession(QObject* parent) : QObject(parent) {}

QString WorkspaceSession::defaultWorkspaceFor(const QString& dataRoot) {
    const QString canonical = QFileInfo(dataRoot).canonicalFilePath();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/workspaces/") + hash;
}

void WorkspaceSession::openDataset(const QString& dataRoot) {
    const QString root = QFileInfo(dataRoot).canonicalFilePath();  // a folder, or one scan / array file
    if (root.isEmpty()) throw Error(ErrorCode::NotFound, "dataset not found: " + dataRoot.toStdString());
    const QString ws = defaultWorkspaceFor(root);
    requireOutsideDataset(ws.toStdString(), root.toStdString());
    QDir().mkpath(ws);
    QFile marker(ws + QStringLiteral("/dataset.txt"));
    if (marker.open(QIODevice::WriteOnly | QIODevice::Text)) marker.write(root.toUtf8() + '\n');
    m_workspace = ws;
    m_root = root;
    load();
}

void WorkspaceSession::openWorkspace(const QString& workspace) {
    const QString ws = QFileInfo(workspace).absoluteFilePath();
    if (!QFileInfo::exists(ws + QStringLiteral("/scores.json"))) {
        // a workspace made by the GUI before scoring remembers its dataset
        QFile marker(ws + QStringLiteral("/dataset.txt"));
        if (!marker.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::NotFound, workspace.toStdString() + " is not a MinorityLens workspace");
        m_root = QString::fromUtf8(marker.readAll()).trimmed();
    } else {
        m_root.clear();
    }
    m_workspace = ws;
    load();
}

void WorkspaceSession::reload() {
    load();
}

void WorkspaceSession::load() {
    if (QFileInfo::exists(m_workspace + QStringLiteral("/scores.json"))) {
        m_data = loadWorkspace(m_workspace.toStdString());
        m_root = QString::fromStdString(m_data.dataRoot);
    } else {
        DatasetSpec spec;
        spec.path = m_root.toStdString();
        m_data = datasetOnly(spec);
        m_data.workspace = m_workspace.toStdString();
    }
    m_state = {};
    QFile f(m_workspace + QStringLiteral("/gui_state.json"));
    if (f.open(QIODevice::ReadOnly)) m_state = QJsonDocument::fromJson(f.readAll()).object();
    m_state.remove(QStringLiteral("annotations"));  // moved into the store (older versions kept them here)
    m_store.reset();
    m_store = std::make_unique<AnnotationStore>(m_workspace.toStdString());
    if (backbone().isEmpty() && !m_data.backbone.empty())
        m_state[QStringLiteral("backbone")] = QString::fromStdString(m_data.backbone);
    Q_EMIT changed();
}

QString WorkspaceSession::classifier() const {
    const QString chosen = m_state.value(QStringLiteral("classifier")).toString();
    return chosen.isEmpty() ? QString::fromStdString(m_data.classifier) : chosen;
}

void WorkspaceSession::setBackbone(const QString& path) {
    m_state[QStringLiteral("backbone")] = path;
    m_state.remove(QStringLiteral("backboneConfig"));  // chosen for the previous backbone
    saveState();
}

void WorkspaceSession::setBackboneConfig(const QString& path) {
    m_state[QStringLiteral("backboneConfig")] = path;
    saveState();
}

void WorkspaceSession::setClassifier(const QString& path) {
    m_state[QStringLiteral("classifier")] = path;
    saveState();
}

std::vector<widgets::GalleryRecord> WorkspaceSession::galleryRecords() const {
    const std::map<std::string, Annotation> notes =
        m_store ? m_store->annotations() : std::map<std::string, Annotation>{};
    std::vector<widgets::GalleryRecord> out;
    out.reserve(m_data.records.size());
    for (const auto& r : m_data.records) {
        widgets::GalleryRecord g;
        g.id = r.id;
        g.path = QString::fromStdString(r.path);
        g.score = r.score;
        g.cls = r.cls;
        g.label = QString::fromStdString(r.label);
        g.distances = QVector<double>(r.distances.begin(), r.distances.end());
        if (auto it = notes.find(r.path); it != notes.end()) {
            g.tags = it->second.tags;
            g.note = QString::fromStdString(it->second.note);
        }
        g.source = r.source;
        g.frame = r.frame;
        out.push_back(std::move(g));
    }
    return out;
}

void WorkspaceSession::saveAnnotation(const widgets::GalleryRecord& r) {
    if (m_store) m_store->setAnnotation(r.path.toStdString(), Annotation{r.tags, r.note.toStdString()});
}

void WorkspaceSession::saveState() {
    if (m_workspace.isEmpty()) return;
    QSaveFile f(m_workspace + QStringLiteral("/gui_state.json"));  // atomic
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(m_state).toJson());
        f.commit();
    }
}

}  // namespace app
}  // namespace mlens
