#pragma once
// The sweep's settings: target classes (columns), guidance scales (rows) and samples per cell, typed
// as lists and checked as the user types with the engine's own rule (parseSweepSpec); OK only when
// valid. A line below says how many cells and sampling runs the sweep will take.
#include <QDialog>

#include "engine/api/sweep.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mlens {
namespace widgets {

class SweepDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SweepDialog)

public:
    SweepDialog(const SweepSpec& initial, int numClasses, QWidget* parent = nullptr);
    SweepSpec spec() const { return m_spec; }  // valid once accepted
    bool valid() const { return m_valid; }
    QLineEdit* classesEdit() const { return m_classes; }
    QLineEdit* scalesEdit() const { return m_scales; }
    QSpinBox* perCellSpin() const { return m_perCell; }
    QString summary() const;

private:
    void check();

    int m_numClasses;
    QLineEdit *m_classes, *m_scales;
    QSpinBox* m_perCell;
    QLabel* m_summary;
    QDialogButtonBox* m_buttons;
    SweepSpec m_spec;
    bool m_valid = false;
};

}  // namespace widgets
}  // namespace mlens
