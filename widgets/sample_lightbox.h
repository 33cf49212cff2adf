#pragma once
// One sample enlarged: baseline and guided side by side at a whole-number zoom (crisp pixels), with
// the settings it was made with. Left / right (or the buttons) step through the samples.
#include <QDialog>
#include <QImage>

#include <functional>
#include <vector>

class QLabel;
class QPushButton;

namespace mlens {
namespace widgets {

class SampleLightbox final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SampleLightbox)

public:
    // `describe(i)` gives sample i's parameters as lines of text. Either image list may be empty.
    SampleLightbox(std::vector<QImage> baseline, std::vector<QImage> guided,
                   std::function<QString(int)> describe, int index, QWidget* parent = nullptr);
    int index() const { return m_index; }
    QString parametersText() const;
    void showSample(int index);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    std::vector<QImage> m_baseline, m_guided;
    std::function<QString(int)> m_describe;
    int m_index = 0;
    QLabel *m_baseImage, *m_guidedImage, *m_baseTitle, *m_text;
    QPushButton *m_previous, *m_next;
};

}  // namespace widgets
}  // namespace mlens
