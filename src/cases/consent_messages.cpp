#include "cases/consent_messages.hpp"

#include "core/messages.hpp"

namespace komek::cases {
namespace {

const std::vector<MessageEntry>& catalogue() {
  static const std::vector<MessageEntry> kEntries = {
      // ---- errors ----
      {"consent.not_found",
       "Мұндай сұрау салу жоқ",
       "Такого запроса нет",
       "There is no such request"},
      {"consent.text_too_long",
       "Мәтін тым ұзын: ең көбі {max} таңба",
       "Текст слишком длинный: не более {max} символов",
       "The text is too long: at most {max} characters"},
      {"consent.requester_without_iin",
       "Үшінші тұлғаның есептік жазбасында ЖСН/БСН жоқ: жауапты жеке кабинетке жіберу мүмкін емес",
       "В учётной записи третьего лица нет ИИН/БИН: ответ некуда направить",
       "The third party's account has no IIN/BIN: there is no cabinet to send the answer to"},
      {"consent.already_answered",
       "Сұрау салуға жауап берілген ({state}): жауапты өзгертуге болмайды",
       "На запрос уже дан ответ ({state}): изменить его нельзя",
       "The request was already answered ({state}): the answer cannot be changed"},
      {"consent.expired",
       "Жауап беру мерзімі {expires_at} аяқталды (004 §19-1)",
       "Срок ответа истёк в {expires_at} (004 §19-1)",
       "The time to answer ended at {expires_at} (004 §19-1)"},
      {"consent.otp_wrong",
       "Бір реттік пароль қате; қалған әрекет саны: {left}",
       "Неверный одноразовый пароль; осталось попыток: {left}",
       "Wrong one-time password; tries left: {left}"},
      {"consent.otp_locked",
       "Бір реттік пароль бұғатталды: қате әрекеттер тым көп. Жеке кабинет арқылы жауап беріңіз",
       "Одноразовый пароль заблокирован: слишком много неверных попыток. Ответьте в личном кабинете",
       "The one-time password is locked after too many wrong tries. Answer in the cabinet"},
      {"consent.otp_none",
       "Бұл сұрау салу бойынша SMS жіберілмеген: жеке кабинет арқылы жауап беріңіз",
       "По этому запросу SMS не отправлялось: ответьте в личном кабинете",
       "No SMS was sent for this request: answer in the cabinet"},
      {"consent.stored_record_broken",
       "Сақталған жазбаны оқу мүмкін емес",
       "Сохранённая запись не читается",
       "A stored record cannot be read"},
      {"offer.not_found",
       "Мұндай ұсыныс жоқ",
       "Такого предложения нет",
       "There is no such offer"},
      {"offer.already_open",
       "Отбасында осы жинақ бойынша ашық ұсыныс бар ({pack})",
       "У семьи уже есть открытое предложение по этому пакету ({pack})",
       "The family already has an open offer of this pack ({pack})"},
      {"offer.valid_days",
       "Ұсыныстың мерзімі 1-ден {max} күнге дейін болуы керек",
       "Срок предложения должен быть от 1 до {max} дней",
       "An offer's window is 1 to {max} days"},
      {"offer.already_answered",
       "Ұсынысқа жауап берілген ({state})",
       "На предложение уже дан ответ ({state})",
       "The offer was already answered ({state})"},
      {"offer.expired",
       "Ұсыныстың мерзімі {expires_at} аяқталды",
       "Срок предложения истёк {expires_at}",
       "The offer expired at {expires_at}"},
      // ---- what the subject and the third party are sent ----
      {"consent.sms",
       "{who} сіздің отбасыңыздың АӘК алатынын растауды сұрайды. Келісу үшін {until} дейін ИӘ {otp} деп жауап беріңіз, бас тарту үшін ЖОҚ {otp}.",
       "{who} запрашивает подтверждение получения АСП вашей семьёй. Для согласия ответьте до {until}: ДА {otp}, для отказа: НЕТ {otp}.",
       "{who} asks to confirm that your family receives TSA. To agree, reply by {until}: YES {otp}; to refuse: NO {otp}."},
      {"consent.cabinet.request.title",
       "Үшінші тұлға АӘК алатыныңызды растауды сұрайды",
       "Третье лицо запрашивает подтверждение получения АСП",
       "A third party asks to confirm that you receive TSA"},
      {"consent.cabinet.request.body",
       "{who} {at} сұрау салды. {until} дейін келісіміңізді немесе бас тартуыңызды білдіріңіз (004 §19-1). Жауап болмаса, мәлімет берілмейді.",
       "{who} направил запрос {at}. Дайте согласие или откажите до {until} (004 §19-1). Без ответа сведения не предоставляются.",
       "{who} asked at {at}. Agree or refuse by {until} (004 §19-1). Without an answer nothing is disclosed."},
      {"consent.cabinet.confirmed.title",
       "АӘК алушыларға тиесілігі туралы ақпарат",
       "Сведения о принадлежности к получателям АСП",
       "Information on receiving TSA"},
      {"consent.cabinet.receives",
       "ЖСН {iin} иесінің отбасы {as_of} күні АӘК алады ({until} дейін).",
       "Семья обладателя ИИН {iin} на {as_of} получает АСП (до {until}).",
       "The family of IIN {iin} receives TSA on {as_of} (until {until})."},
      {"consent.cabinet.does_not_receive",
       "ЖСН {iin} иесінің отбасы {as_of} күні АӘК алушылар қатарында жоқ.",
       "Семья обладателя ИИН {iin} на {as_of} не является получателем АСП.",
       "The family of IIN {iin} does not receive TSA on {as_of}."},
      {"consent.cabinet.none.title",
       "Растау берілмеді",
       "Подтверждение не предоставлено",
       "No confirmation was given"},
      {"consent.cabinet.none.body",
       "ЖСН {iin} бойынша {at} сұрау салуыңызға растау берілмеді.",
       "На ваш запрос от {at} по ИИН {iin} подтверждение не предоставлено.",
       "Your request of {at} about IIN {iin} got no confirmation."},
      {"offer.sms",
       "Сізге әлеуметтік көмек ұсынылады: {programmes}. Келісу үшін {until} дейін ИӘ {otp} деп жауап беріңіз немесе жеке кабинетке кіріңіз.",
       "Вам предлагается социальная помощь: {programmes}. Для согласия ответьте до {until}: ДА {otp} или войдите в личный кабинет.",
       "Social assistance is offered to you: {programmes}. To agree, reply by {until}: YES {otp}, or use the cabinet."},
      {"offer.cabinet.title",
       "Сізге әлеуметтік көмек ұсынылады",
       "Вам предлагается социальная помощь",
       "Social assistance is offered to you"},
      {"offer.cabinet.body",
       "Тізілімдердің деректері бойынша отбасыңыз мына көмекке құқылы болуы мүмкін: {programmes}. Сома алдын ала есептелген; шешімді іс бойынша уәкілетті орган қабылдайды. {until} дейін келісіміңізді білдіріңіз — өтініш тізілім деректерімен бірге тіркеледі.",
       "По данным регистров ваша семья может иметь право на: {programmes}. Суммы предварительные; решение принимает уполномоченный орган по делу. Дайте согласие до {until} — заявление будет зарегистрировано с данными регистров.",
       "From the registries, your family may be entitled to: {programmes}. Amounts are indicative; the authorized body decides on the case. Agree by {until} and the application is registered with the registry data attached."},
      {"offer.cabinet.case.title",
       "Өтінішіңіз тіркелді",
       "Ваше заявление зарегистрировано",
       "Your application is registered"},
      {"offer.cabinet.case.body",
       "Ұсынысқа келісіміңіз бойынша өтініш {number} нөмірімен тіркелді; тізілімдердің деректері іске тіркелді.",
       "По вашему согласию на предложение заявление зарегистрировано под номером {number}; данные регистров приложены к делу.",
       "On your consent to the offer the application was registered as {number}, with the registry data attached."},
  };
  return kEntries;
}

}  // namespace

void ensure_consent_messages() {
  static const bool registered = [] {
    add_message_catalogue(catalogue());
    return true;
  }();
  (void)registered;
}

}  // namespace komek::cases
