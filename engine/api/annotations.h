#pragma once
// What people add to a workspace: tags and notes per image, and the grades of a reading study (a
// Likert abnormality grade, a finding, an artifact flag and a note per image and reviewer). One
// SQLite database, WS/annotations.sqlite, in WAL mode; every change is its own transaction, so a
// crash or kill -9 loses nothing already entered. Shared by the GUI and the CLI.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlens {

// The gallery's tags (bit flags) and a free-text note of one image.
struct Annotation {
    uint32_t tags = 0;  // 1 rare, 2 artifact, 4 review later
    std::string note;
};

struct Grade {
    std::string item;  // the image's name in the dataset (DatasetItem::relativePath)
    std::string reviewer;
    int grade = 0;        // 1 (normal) .. 5 (clearly abnormal); 0 = not graded yet
    std::string finding;  // one of the workspace's findings, or empty
    bool artifact = false;
    std::string note;
    bool blinded = false;                  // graded with scores, ranks and classes hidden
    int64_t createdMs = 0, updatedMs = 0;  // ms since the epoch (UTC); set by the store
};

// Not thread-safe: one store per thread. Throws Error(Io / Format) when the database cannot be
// opened or written.
class AnnotationStore {
public:
    // Opens (or creates) WS/annotations.sqlite; tags and notes that older versions kept in
    // WS/gui_state.json are moved in once.
    explicit AnnotationStore(const std::string& workspace);
    ~AnnotationStore();
    AnnotationStore(const AnnotationStore&) = delete;
    AnnotationStore& operator=(const AnnotationStore&) = delete;

    const std::string& path() const;

    std::map<std::string, Annotation> annotations() const;
    void setAnnotation(const std::string& item, const Annotation& annotation);  // empty removes it

    std::vector<Grade> grades(const std::string& reviewer = {}) const;  // all reviewers when empty
    // The grade of one image by one reviewer; item empty in the result when there is none.
    Grade grade(const std::string& item, const std::string& reviewer) const;
    void setGrade(Grade grade);  // by (item, reviewer); an empty one removes the row
    void removeGrade(const std::string& item, const std::string& reviewer);

    std::vector<std::string> findings() const;  // the editable list, in order
    void setFindings(const std::vector<std::string>& findings);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// The findings a new workspace offers.
std::vector<std::string> defaultFindings();

struct GradesExportRequest {
    std::string workspace;
    std::string outCsv;  // written atomically
};

struct ReviewerAgreement {
    std::string reviewerA, reviewerB;
    int64_t images = 0;                   // graded by both
    double kappa = 0, weightedKappa = 0;  // Cohen's kappa; linearly weighted for the ordinal grades
};

struct GradesExportResult {
    int64_t rows = 0;
    std::vector<std::string> reviewers;
    std::vector<ReviewerAgreement> agreement;  // every pair of reviewers
};

// grades.csv: one row per image and reviewer (item, source, slice, reviewer, grade, finding,
// artifact, note, blinded, created, updated), and the agreement between reviewers.
GradesExportResult runGradesExport(const GradesExportRequest& request);

}  // namespace mlens
