#pragma once
// Small dialogs that fill engine requests: scoring, classes, classifier training; and the check a
// user sees before a checkpoint is used (its detected type and configuration).
#include <QDialog>

#include "engine/api/classes.h"
#include "engine/api/export.h"
#include "engine/api/scoring.h"
#include "engine/api/training.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace mlens {
namespace app {

class ScoreDialog final : public QDialog {
    Q_OBJECT
public:
    explicit ScoreDialog(QWidget* parent = nullptr);
    // Starts from the dataset's label source and the backbone configuration in use.
    void setCurrent(const DatasetSpec& dataset, const QString& config);
    // The score settings, the configuration and the label source (set request.dataset first).
    void fill(ScoreRequest& request) const;
    QString config() const;

private:
    QComboBox *m_distance, *m_labels, *m_tMode;
    QLineEdit *m_config, *m_labelsCsv;
    QSpinBox *m_draws, *m_t, *m_subset, *m_batch;
    QCheckBox* m_maps;
    QLineEdit *m_trunk, *m_heads;
};

class ClassesDialog final : public QDialog {
    Q_OBJECT
public:
    ClassesDialog(int suggested, int images, QWidget* parent = nullptr);
    int numClasses() const;

private:
    QSpinBox* m_classes;
};

class TrainDialog final : public QDialog {
    Q_OBJECT
public:
    explicit TrainDialog(QWidget* parent = nullptr);
    void fill(ClassifierTrainRequest& request) const;

private:
    QSpinBox *m_iterations, *m_batch, *m_evalEvery;
    QDoubleSpinBox* m_lr;
    QCheckBox* m_flip;
};

class ExportDialog final : public QDialog {
    Q_OBJECT
public:
    enum Scope { View, Selection, All };
    ExportDialog(int viewCount, int selectedCount, int allCount, QWidget* parent = nullptr);
    void fill(ExportRequest& request) const;  // folder, top k, de-identification, parts
    Scope scope() const;

private:
    QLineEdit* m_folder;
    QComboBox* m_scope;
    QSpinBox* m_topK;
    QCheckBox *m_deidentify, *m_notes, *m_images, *m_sheet, *m_html;
    QLineEdit* m_keyFile;
};

// Shows what a checkpoint is (inspect) and whether it fits the role; returns true to use it.
bool confirmCheckpoint(QWidget* parent, const QString& path, const QString& role,
                       const QString& expectedType);

}  // namespace app
}  // namespace mlens
