// SPDX-License-Identifier: Apache-2.0
// The confirmation in front of every write: production clusters need their name typed.
#include "common/typed_confirmation.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace sluice::ui;
using namespace Qt::Literals::StringLiterals;

class TestTypedConfirmation : public QObject {
    Q_OBJECT
private slots:
    void plainClusterNeedsNoTyping()
    {
        TypedConfirmation dialog({ u"Run replay"_s, u"Replay 10 records to orders."_s, u"Replay"_s, u"dev"_s, false });
        QVERIFY(dialog.nameField() == nullptr);
        QVERIFY(dialog.canAccept());
        QVERIFY(dialog.acceptButton()->isEnabled());
    }

    void productionNeedsTheExactName()
    {
        TypedConfirmation dialog(
            { u"Run replay"_s, u"Replay 10 records to orders."_s, u"Replay"_s, u"prod-eu"_s, true });
        QVERIFY(dialog.nameField() != nullptr);
        QVERIFY(!dialog.acceptButton()->isEnabled());
        QTest::keyClicks(dialog.nameField(), u"prod-e"_s);
        QVERIFY(!dialog.canAccept());
        QTest::keyClicks(dialog.nameField(), u"U"_s); // case matters
        QVERIFY(!dialog.canAccept());
        dialog.nameField()->setText(u"  prod-eu "_s);
        QVERIFY(dialog.canAccept());
        QVERIFY(dialog.acceptButton()->isEnabled());
    }

    void enterDoesNotAcceptBeforeTheNameMatches()
    {
        TypedConfirmation dialog({ u"Reset offsets"_s, u"Reset 3 partitions."_s, u"Reset"_s, u"prod-eu"_s, true });
        dialog.show();
        QTest::keyClicks(dialog.nameField(), u"prod"_s);
        QTest::keyClick(dialog.nameField(), Qt::Key_Return);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        dialog.nameField()->setText(u"prod-eu"_s);
        dialog.acceptButton()->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
};

QTEST_MAIN(TestTypedConfirmation)
#include "test_typed_confirmation.moc"
