#pragma once
// What is open: a dataset, its workspace (never inside the dataset), the records shown in the
// gallery, the chosen checkpoints, and the view state that reopens where the user left off
// (WS/gui_state.json: tags, notes, sort, filters, size, current image, sampling settings).
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

#include "engine/api/annotations.h"
#include "engine/api/workspace.h"
#include "widgets/gallery_model.h"

namespace mlens {
namespace app {

class WorkspaceSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceSession)

public:
    explicit WorkspaceSession(QObject* parent = nullptr);

    // The default workspace of a dataset: <app data>/workspaces/<hash of the path>.
    static QString defaultWorkspaceFor(const QString& dataRoot);
    // Opens a dataset (creating its workspace folder) or an existing workspace; throws Error.
    void openDataset(const QString& dataRoot);
    void openWorkspace(const QString& workspace);
    void reload();  // after a job changed the workspace

    bool isOpen() const { return !m_workspace.isEmpty(); }
    const QString& workspace() const { return m_workspace; }
    const QString& dataRoot() const { return m_root; }
    const WorkspaceData& data() const { return m_data; }
    std::vector<widgets::GalleryRecord> galleryRecords() const;

    QString backbone() const { return m_state.value(QStringLiteral("backbone")).toString(); }
    // The backbone's configuration file chosen by the user; empty: the engine's rule (inspect shows it).
    QString backboneConfig() const { return m_state.value(QStringLiteral("backboneConfig")).toString(); }
    void setBackboneConfig(const QString& path);
    QString classifier() const;
    void setBackbone(const QString& path);
    void setClassifier(const QString& path);
    QString samplesFolder() const { return m_workspace + QStringLiteral("/samples"); }
    QString evaluationFolder() const { return m_workspace + QStringLiteral("/evaluation"); }

    QJsonObject& state() { return m_state; }
    void saveState();  // the view state (WS/gui_state.json)
    // Tags, notes and grades: WS/annotations.sqlite, written per change (nullptr when nothing is open).
    AnnotationStore* annotations() const { return m_store.get(); }
    void saveAnnotation(const widgets::GalleryRecord& record);

Q_SIGNALS:
    void changed();

private:
    void load();

    QString m_workspace, m_root;
    WorkspaceData m_data;
    QJsonObject m_state;
    std::unique_ptr<AnnotationStore> m_store;
};

}  // namespace app
}  // namespace mlens
