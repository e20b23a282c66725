#include "registry/messages.hpp"

#include "core/messages.hpp"
#include "registry/query.hpp"
#include "registry/snapshot.hpp"

namespace komek::registry {
namespace {

const std::vector<MessageEntry>& catalogue() {
  // Query titles follow the wording of 004 §7; document titles that of 001 §11.
  static const std::vector<MessageEntry> kEntries = {
      // --- the 24 queries (004 §7)
      {"registry.query.identity",
       "Жеке басын куәландыратын деректер",
       "Сведения, удостоверяющие личность",
       "Identity"},
      {"registry.query.kandas", "Қандас мәртебесі", "Статус кандаса", "Kandas status"},
      {"registry.query.refugee", "Босқын мәртебесі", "Статус беженца", "Refugee status"},
      {"registry.query.foreigner", "Шетелдік мәртебесі", "Статус иностранца", "Foreigner status"},
      {"registry.query.stateless",
       "Азаматтығы жоқ адам мәртебесі",
       "Статус лица без гражданства",
       "Stateless person status"},
      {"registry.query.registration",
       "Тұрақты немесе уақытша тұрғылықты жері бойынша тіркелу",
       "Регистрация по постоянному или временному месту жительства",
       "Registration at a permanent or temporary address"},
      {"registry.query.bank_details", "Банк деректемелері", "Банковские реквизиты", "Bank details"},
      {"registry.query.disability", "Мүгедектік", "Инвалидность", "Disability"},
      {"registry.query.children",
       "Балалардың тууы (қайтыс болуы)",
       "Рождение (смерть) детей",
       "Births and deaths of children"},
      {"registry.query.guardianship",
       "Қорғаншылық (қамқоршылық)",
       "Опека (попечительство)",
       "Guardianship and trusteeship"},
      {"registry.query.adoption", "Бала асырап алу", "Усыновление (удочерение)", "Adoption"},
      {"registry.query.marriage",
       "Неке қию немесе бұзу",
       "Заключение или расторжение брака",
       "Marriage or divorce"},
      {"registry.query.full_time_study",
       "18 жастан 23 жасқа дейінгі асырауындағылардың күндізгі оқуы",
       "Очное обучение иждивенцев от 18 до 23 лет",
       "Full-time study of dependants aged 18-23"},
      {"registry.query.income",
       "Табыстар: жалақы, әлеуметтік төлемдер, кәсіпкерлік табыс, мүлікті жалға беру мен сатудан түскен табыс",
       "Доходы: заработная плата, социальные выплаты, доход от предпринимательства, аренды и продажи имущества",
       "Income: wages, social payments, business income, rent and sale of property"},
      {"registry.query.entrepreneur",
       "Дара кәсіпкер ретінде тіркелу",
       "Регистрация в качестве индивидуального предпринимателя",
       "Individual-entrepreneur status"},
      {"registry.query.existing_tsa",
       "Отбасында тағайындалған АӘК, оның төлемдері немесе өтініші",
       "Назначенная АСП, её выплаты или заявление в семье",
       "TSA already assigned, paid or applied for in the family"},
      {"registry.query.subsidiary_farm",
       "Жеке қосалқы шаруашылық",
       "Личное подсобное хозяйство",
       "Personal subsidiary farm"},
      {"registry.query.employment",
       "Еңбекке қабілетті отбасы мүшелерінің еңбек қызметі",
       "Трудовая деятельность трудоспособных членов семьи",
       "Employment history of able-bodied members"},
      {"registry.query.education",
       "Білімі және біліктілігі",
       "Образование и квалификация",
       "Education and qualification"},
      {"registry.query.alimony",
       "Өтініш берер алдындағы үш айдағы алимент және оның берешегі",
       "Алименты и задолженность по ним за три месяца до обращения",
       "Alimony and arrears for the three months before applying"},
      {"registry.query.detention",
       "Бас бостандығынан айыру орнындағы немесе мәжбүрлеп емделудегі отбасы мүшелері",
       "Члены семьи в местах лишения свободы или на принудительном лечении",
       "Members in prison or compulsory treatment"},
      {"registry.query.dwellings",
       "Меншіктегі тұрғын үй",
       "Жилище в собственности",
       "Owned dwellings"},
      {"registry.query.land_for_housing",
       "Тұрғын үй құрылысына арналған жер учаскесі",
       "Земельный участок под жилищное строительство",
       "Land for housing construction"},
      {"registry.query.vehicles",
       "Меншіктегі көлік құралдары",
       "Транспортные средства в собственности",
       "Owned vehicles"},
      // --- documents that replace missing data (001 §11)
      {"registry.document.identity",
       "Жеке басын куәландыратын құжат",
       "Документ, удостоверяющий личность",
       "Identity document"},
      {"registry.document.income",
       "Отбасының табысы туралы мәліметтер",
       "Сведения о доходах семьи",
       "Proof of the family's income"},
      {"registry.document.proof_of_ground",
       "Мұқтаждық негізін растайтын құжат",
       "Документ, подтверждающий основание нуждаемости",
       "Proof of the ground of need"},
      // --- missing items
      {"registry.missing.no_data",
       "{person}: {query} — ақпараттық жүйеде деректер жоқ; әкелу керек: {document}",
       "{person}: {query} — в информационной системе нет данных; принести: {document}",
       "{person}: {query} — no data in the information system; bring: {document}"},
      {"registry.missing.no_data_no_document",
       "{person}: {query} — ақпараттық жүйеде деректер жоқ",
       "{person}: {query} — в информационной системе нет данных",
       "{person}: {query} — no data in the information system"},
      {"registry.missing.unavailable",
       "{person}: {query} — жауап жоқ: {reason}",
       "{person}: {query} — нет ответа: {reason}",
       "{person}: {query} — no answer: {reason}"},
      // --- errors
      {"registry.query_unknown",
       "«{value}» сұрау емес: 1-24 нөмірін немесе атауын жазыңыз (identity, income, …)",
       "«{value}» не является запросом: укажите номер 1-24 или имя (identity, income, …)",
       "'{value}' is not a query: give a number 1-24 or a name (identity, income, …)"},
      {"registry.unavailable",
       "{system} ақпараттық жүйесі жауап бермеді",
       "Информационная система {system} не ответила",
       "The information system {system} did not answer"},
      {"registry.applicant_unknown",
       "{person} ЖСН бойынша жеке басын куәландыратын деректер ақпараттық жүйеде жоқ: отбасын тізілімнен толтыру мүмкін емес, отбасы мүшелерін өзіңіз жазыңыз",
       "В информационной системе нет сведений о личности по ИИН {person}: заполнить семью из реестра нельзя, укажите членов семьи сами",
       "The identity system has no data on IIN {person}: the family cannot be filled in from the registries; enter the members yourself"},
      {"registry.months_reversed",
       "Кезеңнің соңғы айы ({last}) бірінші айынан ({first}) бұрын",
       "Последний месяц периода ({last}) раньше первого ({first})",
       "The last month ({last}) is before the first ({first})"},
      {"registry.months_too_many",
       "Табыс бір сұрауда ең көбі {max} айға сұралады, {months} ай сұралды",
       "Доходы запрашиваются не более чем за {max} месяцев за раз, запрошено {months}",
       "Income is asked for at most {max} months at a time; {months} were asked"},
      {"registry.empty_family",
       "Отбасында бірде-бір адам жоқ",
       "В семье нет ни одного человека",
       "The family has no members"},
      {"registry.too_many_members",
       "Отбасында {max} адамнан көп",
       "В семье больше {max} человек",
       "The family has more than {max} members"},
      {"registry.no_territory",
       "{person} өтініш берушінің тұрақты тіркелген жері белгісіз және өтініште аумақ көрсетілмеген",
       "Постоянная регистрация заявителя {person} неизвестна, и территория в заявлении не указана",
       "The applicant {person} has no permanent registration on record and the application names no territory"},
      {"registry.birth_date_unknown",
       "{person} туған күні белгісіз: жеке басын куәландыратын деректер жоқ, ЖСН-нан да анықталмайды",
       "Дата рождения {person} неизвестна: нет сведений о личности, и ИИН её не содержит",
       "The birth date of {person} is unknown: no identity data, and the IIN does not encode one"},
      {"registry.unknown_word",
       "Сөздікте «{word}» деген {kind} жоқ: rules/vocabulary.yaml тексеріңіз",
       "В словаре нет слова «{word}» ({kind}): проверьте rules/vocabulary.yaml",
       "The vocabulary has no {kind} '{word}': check rules/vocabulary.yaml"},
      {"registry.synthetic_families",
       "Синтетикалық тізілімдегі отбасылар саны 1-ден {max}-ға дейін болуы керек, {families} берілді",
       "Число семей синтетического реестра должно быть от 1 до {max}, задано {families}",
       "A synthetic registry holds 1 to {max} families; {families} were asked"},
      {"registry.synthetic_territory",
       "{territory} ҚАТО коды аудан немесе қала болуы керек",
       "Код КАТО {territory} должен обозначать район или город",
       "KATO code {territory} must name a district or a town"},
  };
  return kEntries;
}

}  // namespace

void ensure_registry_messages() {
  static const bool registered = [] {
    add_message_catalogue(catalogue());
    return true;
  }();
  (void)registered;
}

std::string describe_missing(const MissingItem& item, Lang lang) {
  ensure_registry_messages();
  const std::string person = item.person.masked();
  const std::string query = query_title(item.query, lang);
  if (item.reason == MissingReason::kUnavailable) {
    const std::string reason = item.error ? render(*item.error, lang) : std::string(query_holder(item.query));
    return render_message("registry.missing.unavailable", {{"person", person}, {"query", query}, {"reason", reason}},
                          lang);
  }
  if (!item.document)
    return render_message("registry.missing.no_data_no_document", {{"person", person}, {"query", query}}, lang);
  return render_message("registry.missing.no_data",
                        {{"person", person}, {"query", query}, {"document", document_title(*item.document, lang)}},
                        lang);
}

}  // namespace komek::registry
