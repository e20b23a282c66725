#include "payments/messages.hpp"

#include "core/messages.hpp"

namespace komek::payments {
namespace {

const std::vector<MessageEntry>& catalogue() {
  static const std::vector<MessageEntry> kEntries = {
      {"ledger.amount_not_positive", "Аударым сомасы нөлден үлкен болуы керек", "Сумма перевода должна быть больше нуля",
       "A transfer's amount must be above zero"},
      {"ledger.same_account", "Аударым бір шоттан сол шоттың өзіне жасалмайды", "Перевод со счёта на тот же счёт невозможен",
       "A transfer cannot debit and credit the same account"},
      {"ledger.unknown_account", "{account} шоты жоқ", "Счёта {account} нет", "There is no account {account}"},
      {"ledger.insufficient", "«{account}» шотында {available} қалды, {amount} қажет",
       "На счёте «{account}» осталось {available}, нужно {amount}",
       "Account '{account}' holds {available}; {amount} is needed"},
      {"ledger.overflow", "{amount} сомасы шот қалдығын есептеу шегінен асырады",
       "Сумма {amount} выводит остаток счёта за пределы учёта", "The amount {amount} would take an account's balance beyond what the ledger can hold"},
      {"ledger.timeout_before_start", "Жауап күту мерзімі аударым күнінен бұрын болмайды",
       "Срок ожидания ответа не может быть раньше дня перевода", "The answer window cannot end before the transfer's day"},
      {"ledger.unknown_pending", "{transfer} күтудегі аударымы жоқ", "Отложенного перевода {transfer} нет",
       "There is no pending transfer {transfer}"},
      {"ledger.pending_resolved", "{transfer} күтудегі аударымы аяқталған", "Отложенный перевод {transfer} уже завершён",
       "Pending transfer {transfer} is already resolved"},
      {"ledger.post_amount", "Растау сомасы {amount} күтудегі {pending} сомасынан аспауы және нөлден үлкен болуы керек",
       "Сумма проводки {amount} должна быть больше нуля и не больше отложенной {pending}",
       "The amount posted, {amount}, must be above zero and at most the pending {pending}"},
      {"ledger.not_expired", "Жауап күту мерзімі ({timeout}) әлі өтпеді", "Срок ожидания ответа ({timeout}) ещё не истёк",
       "The answer window (to {timeout}) has not passed"},
      {"ledger.reverse_not_posted", "Тек өткізілген аударымды кері қайтаруға болады ({transfer})",
       "Сторнировать можно только проведённый перевод ({transfer})", "Only a posted transfer can be reversed ({transfer})"},
      {"payments.programme", "«{value}» бағдарлама коды жарамсыз (әріптер, цифрлар, _ - ., 60 таңбаға дейін)",
       "Код программы «{value}» недопустим (буквы, цифры, _ - ., до 60 знаков)",
       "Programme code '{value}' is not valid (letters, digits, _ - ., up to 60)"},
      {"payments.territory", "«{value}» аудан (ҚАТО) коды емес", "«{value}» не код района (КАТО)",
       "'{value}' is not a district KATO code"},
      {"payments.year", "{value} жылы жарамсыз", "Год {value} недопустим", "Year {value} is not valid"},
      {"payments.amount_negative", "Сома теріс бола алмайды", "Сумма не может быть отрицательной",
       "The amount cannot be negative"},
      {"payments.amendment_zero", "Түзету сомасы нөл бола алмайды", "Сумма изменения не может быть нулевой",
       "An amendment cannot be zero"},
      {"payments.reason_required", "Түзетудің негізін көрсетіңіз (500 таңбаға дейін)",
       "Укажите основание изменения (до 500 знаков)", "Give the amendment's reason (up to 500 characters)"},
      {"payments.budget_exists", "Бұл бюджет жолы бар: оны түзетумен өзгертіңіз",
       "Эта строка бюджета уже есть: меняйте её изменением", "This budget line exists: change it by an amendment"},
      {"payments.budget_not_found", "Мұндай бюджет жолы жоқ", "Такой строки бюджета нет", "There is no such budget line"},
      {"payments.amend_below_spent", "Бюджетті аударылғаннан төмен азайтуға болмайды: қалдығы {remaining}",
       "Нельзя уменьшить бюджет ниже перечисленного: остаток {remaining}",
       "The budget cannot be cut below what was transferred: {remaining} remains"},
      {"payments.budget_exceeded", "Сұраныс бюджет қалдығынан асады: ештеңе төленбеді, хабар жіберілді (001 §21)",
       "Потребность превышает остаток бюджета: ничего не выплачено, направлено оповещение (001 §21)",
       "The demand exceeds what remains of the budget: nothing was paid and an alert was raised (001 §21)"},
      {"payments.territory_not_found", "Бұл аумақ сізге қолжетімсіз", "Эта территория вам недоступна",
       "This territory is not yours"},
      {"payments.results_too_many", "Нәтижелер файлында жолдар тым көп", "В файле результатов слишком много строк",
       "The result file has too many lines"},
      {"payments.result_line", "Нәтижелер файлының {line}-жолы: «{field}» өрісі жарамсыз",
       "Строка {line} файла результатов: поле «{field}» недопустимо",
       "Line {line} of the result file: field '{field}' is not valid"},
      {"payments.order_not_found", "Мұндай төлем тапсырмасы жоқ", "Такого платёжного поручения нет",
       "There is no such payment order"},
      {"payments.file_not_found", "Мұндай төлем файлы жоқ", "Такого платёжного файла нет", "There is no such payment file"},
      {"payments.ledger_broken", "Төлем кітабы тексеруден өтпеді: {invariant} ({detail})",
       "Книга платежей не прошла проверку: {invariant} ({detail})",
       "The payments ledger failed verification: {invariant} ({detail})"},
      {"payments.date", "«{value}» күні жарамсыз (ЖЖЖЖ-АА-КК)", "Дата «{value}» недопустима (ГГГГ-ММ-ДД)",
       "Date '{value}' is not valid (YYYY-MM-DD)"},
  };
  return kEntries;
}

}  // namespace

void ensure_payments_messages() {
  static const bool registered = [] {
    add_message_catalogue(catalogue());
    return true;
  }();
  (void)registered;
}

}  // namespace komek::payments
