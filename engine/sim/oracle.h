#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace herder::sim {

// The simulator's stand-in for a model: deterministic keyword heuristics for Vietnamese and
// English, so tests can predict every label the simulator returns for a text.
//
// Matching is case-insensitive. Text that carries Vietnamese diacritics is matched against the
// accented keywords; text typed without accents ("khong hai long") is matched against the
// accent-stripped forms. Keeping the two modes apart avoids false hits such as "lời" (word)
// reading as "lỗi" (error) once both lose their accents.
class Oracle
{
public:
    Oracle() = delete;

    // "positive" | "negative" | "neutral": keyword counts, ties are neutral.
    static QString sentiment(QStringView text);
    // In [0.5, 0.99], derived from a stable hash of the text.
    static double sentimentScore(QStringView text);

    // With the default categories (in any order) keyword counts choose among mua_hang, ho_tro,
    // phan_hoi, and khac when nothing matches; ties go to the earlier of mua_hang, ho_tro,
    // phan_hoi. For any other category list the choice is categories[hash(text) % size].
    // Returns a member of `categories` (an empty string only when the list is empty).
    static QString intent(QStringView text, const QStringList &categories);
    static QString intent(QStringView text) { return intent(text, defaultCategories()); }
    // In [0.5, 0.99], derived from a stable hash of the text (salted differently from the
    // sentiment score).
    static double intentConfidence(QStringView text);

    static QStringList defaultCategories();
    static QStringList sentimentLabels();

    // FNV-1a 64 over the UTF-8 bytes: stable across processes and Qt versions, unlike qHash.
    static quint64 stableHash(QStringView text, quint64 salt = 0);
};

} // namespace herder::sim
